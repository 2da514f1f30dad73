// The Action's post step (action.yml runs.post): only starts it.
import '../../process/young-generation.js';
import { runPost } from '../post.js';

await runPost();
