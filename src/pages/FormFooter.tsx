import React from 'react';
import { Button, Stack } from '@grafana/ui';

/** A form's buttons: its submit action (given) and Cancel. */
export function FormFooter({ children, onCancel }: { children: React.ReactNode; onCancel: () => void }) {
  return (
    <Stack gap={1}>
      {children}
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
    </Stack>
  );
}
