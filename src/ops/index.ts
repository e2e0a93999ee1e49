// The operations of `kubectl rollouts` and the dashboard: each sends exactly the request Argo's
// plugin sends, so Argo CD's resource actions and other tools see the same changes.
export { promote, type PromoteOptions } from './promote.js';
export { promotePatches, type PromotePatches } from './promote-patches.js';
export { abort, ABORT_PATCH } from './abort.js';
export { retry, RETRY_PATCH } from './retry.js';
export { pause, PAUSE_PATCH } from './pause.js';
export { restart, formatRestartAt, type RestartOptions } from './restart.js';
export { setImage, withImage, type SetImageOptions } from './set-image.js';
export { undo, undoPatch, type UndoOptions } from './undo.js';
export { getRollout, rolloutNotFound, InvalidRequestError, type OpResult, type RolloutRef } from './rollout-ref.js';
export { argocdHealth, type ArgoCdHealth, type ArgoCdHealthStatus } from './argocd-health.js';
export { argoCdActionPatches, runArgoCdAction, ARGOCD_ACTIONS, type ArgoCdAction, type ArgoCdActionPatches } from './argocd-actions.js';
