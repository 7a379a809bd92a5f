import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Field, Icon, TextArea, useStyles2 } from '@grafana/ui';
import { lintBlame } from '../../rca';
import { testIds } from '../../testIds';

/** Inline blame-language warnings for a text, each with a blameless rewrite. */
export function BlameWarnings({ text }: { text: string }) {
  const styles = useStyles2(getStyles);
  const warnings = lintBlame(text);
  if (warnings.length === 0) {
    return null;
  }
  return (
    <ul className={styles.warnings} aria-live="polite">
      {warnings.map((warning) => (
        <li key={`${warning.start}-${warning.text}`} className={styles.warning} data-testid={testIds.blameWarning}>
          <Icon name="exclamation-triangle" /> {warning.message} <em>{warning.suggestion}</em>
        </li>
      ))}
    </ul>
  );
}

/** A textarea with blame lint under it. */
export function LintedText({
  label,
  value,
  onChange,
  testId,
  description,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  description?: string;
}) {
  return (
    <Field label={label} description={description}>
      <div>
        <TextArea
          rows={3}
          value={value}
          data-testid={testId}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
        <BlameWarnings text={value} />
      </div>
    </Field>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  warnings: css({ listStyle: 'none', margin: theme.spacing(0.5, 0), padding: 0 }),
  warning: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
});
