// The Action's main step (action.yml runs.main): only starts it.
import '../../process/young-generation.js';
import { run } from '../main.js';

await run();
