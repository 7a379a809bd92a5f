import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { getBackendSrv } from '@grafana/runtime';
import { AppPluginMeta } from '@grafana/data';
import { AppSettings } from '../../types';
import { createFakeBackendSrv, route } from '../../api/testing/fakeBackendSrv';
import { FmeaPage, FMEA_STORAGE_KEY } from './FmeaPage';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

const META = {
  id: 'driftline-aiobs-app',
  enabled: true,
  pinned: true,
  jsonData: { kindTags: { deploy: ['ship'] } },
} as unknown as AppPluginMeta<AppSettings>;

let http: ReturnType<typeof createFakeBackendSrv>;

beforeEach(() => {
  window.localStorage.clear();
  http = createFakeBackendSrv([route('POST', '/api/plugins/driftline-aiobs-app/settings', { status: 200, data: {} })]);
  jest.mocked(getBackendSrv).mockReturnValue(http.srv as unknown as ReturnType<typeof getBackendSrv>);
});

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function addMode(name: string, s: string, o: string, d: string) {
  fireEvent.click(screen.getByTestId('driftline-fmea-add'));
  type('driftline-fmea-input-mode', name);
  type('driftline-fmea-input-severity', s);
  type('driftline-fmea-input-occurrence', o);
  type('driftline-fmea-input-detection', d);
  fireEvent.click(screen.getByTestId('driftline-fmea-form-save'));
}

const rows = () =>
  screen
    .getAllByTestId('driftline-fmea-row')
    .map((row) => [
      within(row).getByTestId('driftline-fmea-mode').textContent,
      within(row).getByTestId('driftline-fmea-rpn').textContent,
    ]);

describe('FMEA page', () => {
  it('starts empty', () => {
    render(<FmeaPage meta={META} />);
    expect(screen.getByTestId('driftline-fmea-empty')).toHaveTextContent('No failure modes yet');
  });

  it('computes RPN = S × O × D and sorts by it, ties by severity then name', () => {
    render(<FmeaPage meta={META} />);
    addMode('Queue overflow', '4', '5', '5'); // 100
    addMode('Schema change', '7', '5', '8'); // 280
    addMode('Bad rollout', '5', '4', '5'); // 100, severity 5 beats 4
    addMode('Adversarial', '5', '5', '4'); // 100, severity 5, name before "Bad rollout"
    expect(rows()).toEqual([
      ['Schema change', '280'],
      ['Adversarial', '100'],
      ['Bad rollout', '100'],
      ['Queue overflow', '100'],
    ]);
    fireEvent.click(screen.getByTestId('driftline-fmea-sort-rpn'));
    expect(rows()[0]).toEqual(['Queue overflow', '100']);
    expect(rows()[3]).toEqual(['Schema change', '280']);
  });

  it('validates scores 1–10 with a clear message and shows the RPN while typing', () => {
    render(<FmeaPage meta={META} />);
    fireEvent.click(screen.getByTestId('driftline-fmea-add'));
    type('driftline-fmea-input-mode', 'GC storm');
    type('driftline-fmea-input-severity', '11');
    type('driftline-fmea-input-occurrence', '2');
    type('driftline-fmea-input-detection', '3');
    expect(screen.getByText(/Severity must be from 1 to 10/)).toBeInTheDocument();
    expect(screen.getByTestId('driftline-fmea-form-save')).toBeDisabled();
    expect(screen.getByTestId('driftline-fmea-rpn-preview')).toHaveTextContent('—');
    type('driftline-fmea-input-severity', '9');
    expect(screen.getByTestId('driftline-fmea-rpn-preview')).toHaveTextContent('54');
    fireEvent.click(screen.getByTestId('driftline-fmea-form-save'));
    expect(rows()).toEqual([['GC storm', '54']]);
  });

  it('edits and removes modes', () => {
    render(<FmeaPage meta={META} />);
    addMode('Drift', '2', '2', '2');
    fireEvent.click(screen.getByTestId('driftline-fmea-edit'));
    type('driftline-fmea-input-detection', '10');
    fireEvent.click(screen.getByTestId('driftline-fmea-form-save'));
    expect(rows()).toEqual([['Drift', '40']]);
    fireEvent.click(screen.getByTestId('driftline-fmea-remove'));
    expect(screen.getByTestId('driftline-fmea-empty')).toBeInTheDocument();
  });

  it('adds from a template with its detecting panel and an alert rule link', () => {
    render(<FmeaPage meta={META} />);
    fireEvent.click(screen.getByTestId('driftline-fmea-add-template'));
    fireEvent.click(screen.getByTestId('driftline-fmea-template-schema-change'));
    expect(rows()).toEqual([['Silent upstream schema change', '280']]);
    expect(screen.getByTestId('driftline-fmea-row')).toHaveTextContent('Drift panel');
    const link = screen.getByTestId('driftline-fmea-alert-link').getAttribute('href')!;
    expect(link).toMatch(/^\/alerting\/new\/alerting\?defaults=/);
    expect(decodeURIComponent(link)).toContain('model_feature_value_bucket');
  });

  it('keeps the register in localStorage and saves it to the app settings, keeping other settings', async () => {
    render(<FmeaPage meta={META} />);
    addMode('Drift', '2', '3', '4');
    expect(JSON.parse(window.localStorage.getItem(FMEA_STORAGE_KEY)!).modes[0].mode).toBe('Drift');
    fireEvent.click(screen.getByTestId('driftline-fmea-save'));
    expect(await screen.findByText('Saved to the app settings')).toBeInTheDocument();
    const body = http.requests.find((request) => request.method === 'POST')!.data as {
      jsonData: Record<string, any>;
      enabled: boolean;
    };
    expect(body.enabled).toBe(true);
    expect(body.jsonData.kindTags).toEqual({ deploy: ['ship'] });
    expect(body.jsonData.fmea.modes[0]).toMatchObject({ mode: 'Drift', severity: 2, occurrence: 3, detection: 4 });
  });

  it('says when the settings could not be saved', async () => {
    http.route(
      route('POST', '/api/plugins/driftline-aiobs-app/settings', {
        status: 403,
        data: { message: 'Permission denied' },
      })
    );
    render(<FmeaPage meta={META} />);
    fireEvent.click(screen.getByTestId('driftline-fmea-save'));
    expect(await screen.findByTestId('driftline-fmea-save-error')).toHaveTextContent(/permission.*Permission denied/);
  });
});
