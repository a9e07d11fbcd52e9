import { DomainError } from '../common/errors/domain-error';

/**
 * The opportunity's forge project lies under its public body's forge group (docs/forge.md):
 * `grp/sub/projet` under `grp` or `grp/sub`, never the group itself. Compared without case
 * and surrounding slashes, as GitLab compares paths.
 */
export function forgePathUnderGroup(projectPath: string, groupPath: string): boolean {
  const clean = (p: string) =>
    p
      .trim()
      .replace(/^\/+|\/+$/g, '')
      .toLowerCase();
  const p = clean(projectPath);
  const g = clean(groupPath);
  const rest = p.slice(g.length + 1);
  return g !== '' && p.startsWith(`${g}/`) && rest !== '' && !rest.startsWith('/') && !rest.includes('//');
}

export function assertForgePath(projectPath: string | null, groupPath: string): void {
  if (projectPath && !forgePathUnderGroup(projectPath, groupPath)) {
    throw new DomainError('INCOMPLETE_OPPORTUNITY', undefined, {
      fields: [
        {
          path: 'forgeProjectPath',
          message: `le chemin du projet sur la forge doit être sous le groupe de l’organisme public (${groupPath}/…)`,
        },
      ],
    });
  }
}
