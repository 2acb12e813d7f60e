// Math answer checking that matches Math-Verify (huggingface/Math-Verify): extraction,
// normalisation and equivalence. See README "Math answer checking".
export { type MathVerdict, type VerifyOptions, answersEquivalent, extractAnswer, verifyMath, warmUpMathChecker } from './verify.js';
