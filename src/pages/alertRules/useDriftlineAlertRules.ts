import { useCallback, useEffect, useState } from 'react';
import { AlertingApi, alertingApi, AlertRuleStatus } from '../../api/alerting';

export type AlertRulesState =
  | { status: 'loading'; rules?: AlertRuleStatus[] }
  | { status: 'ready'; rules: AlertRuleStatus[] }
  | { status: 'error'; message: string; rules?: AlertRuleStatus[] };

/**
 * The alert rules Driftline created, with their state, read when the page opens and on `reload`. While
 * reloading, and after a failed reload, the rules read last stay available.
 */
export function useDriftlineAlertRules(api: AlertingApi = alertingApi()): AlertRulesState & { reload: () => void } {
  const [state, setState] = useState<AlertRulesState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    api.listDriftlineAlertRules().then(
      (rules) => live && setState({ status: 'ready', rules }),
      (error: unknown) =>
        live &&
        setState((previous) => ({
          status: 'error',
          message: error instanceof Error ? error.message : String(error),
          rules: previous.rules,
        }))
    );
    return () => {
      live = false;
    };
  }, [api, generation]);
  const reload = useCallback(() => {
    setState((previous) => ({ status: 'loading', rules: previous.rules }));
    setGeneration((value) => value + 1);
  }, []);
  return { ...state, reload };
}
