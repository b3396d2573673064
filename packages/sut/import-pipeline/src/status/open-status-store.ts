import { FineGrainedStatusStore } from './fine-grained-status-store.js'
import { GlobalLockStatusStore } from './global-lock-status-store.js'
import type { StatusStore, StatusStoreKind } from './status-store.js'

/** Opens (or creates) the status store kept in `dir`; interrupted imports come back queued. */
export function openStatusStore(dir: string, kind: StatusStoreKind = 'fine-grained'): Promise<StatusStore> {
  return kind === 'global-lock' ? GlobalLockStatusStore.open(dir) : FineGrainedStatusStore.open(dir)
}
