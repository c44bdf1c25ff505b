import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const roleSchema = z.enum(['view', 'edit', 'admin']);
export type Role = z.infer<typeof roleSchema>;
const tokenFileSchema = z.array(
  z.object({
    token: z.string().min(16),
    name: z.string().min(1),
    role: roleSchema,
    namespaces: z.array(z.string()).min(1),
  }),
);

export type Principal = { name: string; role: Role; namespaces: string[] };

const RANK: Record<Role, number> = { view: 0, edit: 1, admin: 2 };

/** Bearer tokens from the configured file, each scoped to namespaces with a role. */
export class TokenStore {
  private constructor(private readonly tokens: (Principal & { token: Buffer })[]) {}

  static fromFile(path: string): TokenStore {
    const parsed = tokenFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    return new TokenStore(
      parsed.map((t) => ({
        name: t.name,
        role: t.role,
        namespaces: t.namespaces,
        token: Buffer.from(t.token),
      })),
    );
  }

  /** Compares in constant time, so response timing does not reveal how much of a token matched. */
  authenticate(presented: string): Principal | undefined {
    const candidate = Buffer.from(presented);
    for (const t of this.tokens) {
      if (t.token.length === candidate.length && timingSafeEqual(t.token, candidate)) {
        return { name: t.name, role: t.role, namespaces: t.namespaces };
      }
    }
    return undefined;
  }
}

export function allows(principal: Principal, namespace: string | undefined, needed: Role): boolean {
  if (RANK[principal.role] < RANK[needed]) {
    return false;
  }
  if (namespace === undefined) {
    return principal.namespaces.includes('*');
  }
  return principal.namespaces.includes('*') || principal.namespaces.includes(namespace);
}
