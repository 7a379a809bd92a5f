import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';

/** Styles the app's pages share: sections one under another, secondary text, and a form set in a box. */
export const getPageStyles = (theme: GrafanaTheme2) => ({
  sections: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary }),
  form: css({
    padding: theme.spacing(2),
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
});
