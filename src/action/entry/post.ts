// The Action's post step (action.yml runs.post): only starts it.
import { runPost } from '../post.js';

await runPost();
