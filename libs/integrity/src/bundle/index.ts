export {
  assembleBundle,
  type AssembleBundleInput,
  BundleAssemblyError,
  type BundleEvent,
  type BundleProof,
  EVIDENCE_BUNDLE_FORMAT,
  type EvidenceBundle,
  type InclusionProofInput,
  serializeBundle,
  toBundleEvent,
} from './evidence-bundle';
export { type BundleFormatProblem, type ParsedBundle, parseBundle } from './parse-bundle';
export {
  type BundleFailure,
  type BundleFailureKind,
  type BundleVerification,
  publicKeyIdOf,
  verifyBundle,
} from './verify-bundle';
