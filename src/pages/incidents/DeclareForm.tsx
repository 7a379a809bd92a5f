import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, Input, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';
import { IncidentSeverity, SEVERITIES } from '../../rca';

export interface Declaration {
  title: string;
  severity: IncidentSeverity;
  dashboardUID: string;
}

/** Declaring an incident: what is wrong, how bad, and on which dashboard. */
export function DeclareForm({
  onDeclare,
  onCancel,
  initialDashboardUID = '',
}: {
  onDeclare: (declaration: Declaration) => void;
  onCancel: () => void;
  initialDashboardUID?: string;
}) {
  const styles = useStyles2(getStyles);
  const [declaration, setDeclaration] = useState<Declaration>({
    title: '',
    severity: 'sev2',
    dashboardUID: initialDashboardUID,
  });
  const [error, setError] = useState<string>();
  return (
    <form
      className={styles.form}
      data-testid="driftline-declare-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (declaration.title.trim() === '') {
          setError('Say what is wrong, e.g. “Chat unavailable”.');
          return;
        }
        try {
          onDeclare({ ...declaration, title: declaration.title.trim(), dashboardUID: declaration.dashboardUID.trim() });
        } catch (failure) {
          setError(failure instanceof Error ? failure.message : String(failure));
        }
      }}
    >
      <Field label="What is wrong" invalid={!!error} error={error}>
        <Input
          autoFocus
          data-testid="driftline-declare-title"
          value={declaration.title}
          onChange={(event) => setDeclaration({ ...declaration, title: event.currentTarget.value })}
        />
      </Field>
      <Field label="Severity">
        <RadioButtonGroup
          options={SEVERITIES.map((value) => ({ label: value.toUpperCase(), value }))}
          value={declaration.severity}
          onChange={(severity) => setDeclaration({ ...declaration, severity })}
        />
      </Field>
      <Field
        label="Dashboard UID"
        description="The dashboard whose panels show the incident; empty for the whole organisation."
      >
        <Input
          data-testid="driftline-declare-dashboard"
          value={declaration.dashboardUID}
          placeholder="e.g. chatbot-outage"
          onChange={(event) => setDeclaration({ ...declaration, dashboardUID: event.currentTarget.value })}
        />
      </Field>
      <p className={styles.muted}>It starts now and stays ongoing until you end it.</p>
      <Stack gap={1}>
        <Button type="submit" variant="destructive" data-testid="driftline-declare-submit">
          Declare
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  form: css({
    padding: theme.spacing(2),
    maxWidth: 640,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
  }),
  muted: css({ color: theme.colors.text.secondary }),
});
