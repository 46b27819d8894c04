import { ApiError, type Message } from './api';

// A refused read (403) must not look like an empty list: the query cache reports each one here and
// the shell says it in words (issue 20: pages whose every call failed showed 暂无数据).
type Listener = (text: Message, code: string) => void;
const listeners = new Set<Listener>();

export function onRefused(listener: Listener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function reportQueryError(error: unknown) {
  if (error instanceof ApiError && error.status === 403) for (const l of listeners) l(error.text, error.code);
}
