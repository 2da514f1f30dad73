// verify-release/action.yml: only starts it.
import '../../process/young-generation.js';
import { runVerifyAction } from '../verify-release.js';

await runVerifyAction();
