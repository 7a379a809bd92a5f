import React from 'react';
import { Button } from '@grafana/ui';
import { SendToWorkbench } from './destination';
import { testIds } from '../testIds';

/** "Send to workbench": pins the panel's findings as evidence of the incident (see `workbenchSend`). */
export function SendToWorkbenchButton({ send, className }: { send: SendToWorkbench; className?: string }) {
  return (
    <Button
      size="sm"
      variant="secondary"
      icon="clipboard-alt"
      onClick={send.onClick}
      disabled={send.disabled}
      tooltip={send.tooltip}
      className={className}
      data-testid={testIds.sendToWorkbench}
    >
      Send to workbench
    </Button>
  );
}
