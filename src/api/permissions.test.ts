import { OrgRole } from '@grafana/data';
import { canAnnotate, canCreateAlertRules } from './permissions';

describe('canAnnotate', () => {
  it('follows the access-control permission when Grafana sends one', () => {
    expect(
      canAnnotate({ isSignedIn: true, orgRole: OrgRole.Viewer, permissions: { 'annotations:create': true } })
    ).toBe(true);
    expect(canAnnotate({ isSignedIn: true, orgRole: OrgRole.Editor, permissions: { 'dashboards:read': true } })).toBe(
      false
    );
  });

  it('falls back on the organisation role: viewers see no add controls', () => {
    expect(canAnnotate({ isSignedIn: true, orgRole: OrgRole.Viewer })).toBe(false);
    expect(canAnnotate({ isSignedIn: true, orgRole: '' })).toBe(false);
    expect(canAnnotate({ isSignedIn: true, orgRole: OrgRole.Editor })).toBe(true);
    expect(canAnnotate({ isSignedIn: true, orgRole: OrgRole.Admin })).toBe(true);
  });

  it('says no when signed out or unknown', () => {
    expect(canAnnotate({ isSignedIn: false, orgRole: OrgRole.Admin })).toBe(false);
    expect(canAnnotate(undefined)).toBe(false);
  });
});

describe('canCreateAlertRules', () => {
  it('follows alert.rules:create when Grafana sends permissions, else the Editor and Admin roles', () => {
    expect(
      canCreateAlertRules({ isSignedIn: true, orgRole: OrgRole.Viewer, permissions: { 'alert.rules:create': true } })
    ).toBe(true);
    expect(
      canCreateAlertRules({ isSignedIn: true, orgRole: OrgRole.Admin, permissions: { 'alert.rules:read': true } })
    ).toBe(false);
    expect(canCreateAlertRules({ isSignedIn: true, orgRole: OrgRole.Viewer })).toBe(false);
    expect(canCreateAlertRules({ isSignedIn: true, orgRole: OrgRole.Editor })).toBe(true);
    expect(canCreateAlertRules({ isSignedIn: false, orgRole: OrgRole.Admin })).toBe(false);
    expect(canCreateAlertRules(undefined)).toBe(false);
  });
});
