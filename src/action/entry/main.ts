// The Action's main step (action.yml runs.main): only starts it.
import { run } from '../main.js';

await run();
