import React, { useState } from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Button, Field, Input, RadioButtonGroup, useStyles2 } from '@grafana/ui';
import { IncidentSeverity, SEVERITIES } from '../../rca';
import { FormFooter } from '../FormFooter';
import { getPageStyles } from '../styles';
import { testIds } from '../../testIds';

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
  const page = useStyles2(getPageStyles);
  const [declaration, setDeclaration] = useState<Declaration>({
    title: '',
    severity: 'sev2',
    dashboardUID: initialDashboardUID,
  });
  const [error, setError] = useState<string>();
  return (
    <form
      className={cx(page.form, styles.narrow)}
      data-testid={testIds.declareForm}
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
          data-testid={testIds.declareTitle}
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
          data-testid={testIds.declareDashboard}
          value={declaration.dashboardUID}
          placeholder="e.g. chatbot-outage"
          onChange={(event) => setDeclaration({ ...declaration, dashboardUID: event.currentTarget.value })}
        />
      </Field>
      <p className={page.muted}>It starts now and stays ongoing until you end it.</p>
      <FormFooter onCancel={onCancel}>
        <Button type="submit" variant="destructive" data-testid={testIds.declareSubmit}>
          Declare
        </Button>
      </FormFooter>
    </form>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  narrow: css({ maxWidth: 640 }),
});
