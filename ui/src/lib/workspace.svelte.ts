// What every page needs to know about the workspace: currency, today, emptiness.
import type { WorkspaceInfo } from './api-types';
import { ApiError, call } from './transport';

export const workspace = $state<{ info: WorkspaceInfo | null; error: string | null; errorCode: string | null; loading: boolean }>({
  info: null,
  error: null,
  errorCode: null,
  loading: true,
});

export async function refreshWorkspace(): Promise<void> {
  try {
    workspace.info = await call('workspace_info', {});
    workspace.error = null;
    workspace.errorCode = null;
  } catch (e) {
    workspace.error = e instanceof Error ? e.message : String(e);
    workspace.errorCode = e instanceof ApiError ? e.code : null;
  } finally {
    workspace.loading = false;
  }
}

export function currency(): string {
  return workspace.info?.currency ?? 'USD';
}
