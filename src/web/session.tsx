import { createContext, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post, setCsrfToken } from './api';

export interface Me {
  user: { id: string; username: string; displayName: string; role: string; domain: string | null };
  organisation: { id: string; name: string; kind: string; status: string; regionCode: string; capabilities: string[]; rejectionReason: string | null } | null;
  region: { code: string; name: string; level: string };
  csrfToken: string;
  permissions: string[];
  assignableRoles: string[];
  /** The console pages this person may open, from the server's policy. */
  pages: { key: string; zh: string; en: string }[];
  /** The page buttons this person may use that are not about one record, from the server's policy. */
  may: string[];
}
export type Labelled = { value: string; zh: string; en: string };
export type Enums = Record<'roles' | 'capabilities' | 'domains' | 'tokenScopes' | 'orgStatuses' | 'orgKinds' | 'catalogues' | 'userStatuses', Labelled[]>;

interface Session { me: Me | null; loading: boolean; enums: Enums | undefined; refresh: () => Promise<unknown>; logout: () => Promise<void>; can: (p: string) => boolean; may: (ability: string) => boolean }
const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const me = useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const m = await get<Me>('/api/auth/me');
        setCsrfToken(m.csrfToken);
        return m;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
  const enums = useQuery({ queryKey: ['enums'], queryFn: () => get<Enums>('/api/meta/enums'), staleTime: Infinity });
  const value: Session = {
    me: me.data ?? null,
    loading: me.isLoading,
    enums: enums.data,
    refresh: () => client.invalidateQueries({ queryKey: ['me'] }),
    logout: async () => { await post('/api/auth/logout'); client.setQueryData(['me'], null); client.clear(); },
    can: (p) => !!me.data?.permissions.includes(p),
    may: (ability) => !!me.data?.may?.includes(ability),
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export function rememberLogin(client: ReturnType<typeof useQueryClient>, me: Me) {
  setCsrfToken(me.csrfToken);
  client.setQueryData(['me'], me);
}
