/**
 * Defaults of the http-load runner, in one place so the runner, its validation and the
 * result file's description of it cannot disagree. `--quick` shortens every phase.
 */
export const DEFAULT_WINDOW_MS = 1000
export const QUICK_WINDOW_MS = 250
export const DEFAULT_WARMUP_MS = 1000
export const QUICK_WARMUP_MS = 200
export const DEFAULT_CLOSED_DURATION_MS = 10_000
export const QUICK_CLOSED_DURATION_MS = 1000
/** Quick open-model profiles keep their shape and rates, compressed into this much time. */
export const QUICK_OPEN_DURATION_MS = 2000
export const QUICK_MAX_REQUESTS = 5000
export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_CONNECTIONS = 256
export const DEFAULT_PRECONNECT = 8
export const DEFAULT_LATE_AFTER_MS = 10
export const DEFAULT_DROP_AFTER_MS = 1000
