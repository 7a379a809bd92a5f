import { CurrentUserDTO, OrgRole } from '@grafana/data';
import { config } from '@grafana/runtime';

/**
 * Whether to offer the signed-in user the controls that add annotations.
 *
 * The rule, from what Grafana makes public to plugins (`config.bootData.user`):
 * 1. Signed out: no.
 * 2. When Grafana sends the user's access-control permissions (RBAC), `annotations:create` decides: it is
 *    granted to Editors and Admins by default, and to Viewers only when an administrator adds it.
 * 3. Otherwise, by organisation role: Viewers (and users with no role) no; Editors and Admins yes.
 *
 * Grafana evaluates dashboard-scoped permissions on the server, so this is a hint for the UI only: a write
 * the server refuses comes back as a 403 and stays visible in the outbox with that reason.
 */
export function canAnnotate(user: Partial<CurrentUserDTO> | undefined = config.bootData?.user): boolean {
  if (!user || user.isSignedIn === false) {
    return false;
  }
  const permissions = user.permissions;
  if (permissions && Object.keys(permissions).length > 0) {
    return permissions['annotations:create'] === true;
  }
  return user.orgRole === OrgRole.Editor || user.orgRole === OrgRole.Admin;
}

/**
 * Whether to offer the signed-in user "Create in Grafana" for alert rules. With access-control permissions,
 * `alert.rules:create` decides (Editors and Admins have it by default); otherwise Editors and Admins may.
 * A hint for the UI only: Grafana checks the folder's permissions and answers 403 when they fall short.
 */
export function canCreateAlertRules(user: Partial<CurrentUserDTO> | undefined = config.bootData?.user): boolean {
  if (!user || user.isSignedIn === false) {
    return false;
  }
  const permissions = user.permissions;
  if (permissions && Object.keys(permissions).length > 0) {
    return permissions['alert.rules:create'] === true;
  }
  return user.orgRole === OrgRole.Editor || user.orgRole === OrgRole.Admin;
}
