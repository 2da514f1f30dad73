// release-step/action.yml: only starts it.
import '../../process/young-generation.js';
import { runReleaseAction } from '../release.js';

await runReleaseAction();
