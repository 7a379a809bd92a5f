import React, { useState } from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { FORBIDDEN_MESSAGE } from '../../api/annotationsApi';
import { AnnotationOutbox } from '../../api/outbox';
import { FakeClock } from '../../api/testing/fakeClock';
import { createFakeGrafanaHttp, FakeGrafanaHttp } from '../../api/testing/fakeGrafanaTransport';
import { createTestOutbox } from '../../api/testing/testOutbox';
import { PendingAnnotations } from './PendingAnnotations';
import { QuickAnnotationForm } from './QuickAnnotationForm';
import { useOutbox } from './useOutbox';

const DASHBOARD = 'checkout-incident';
const TIME = Date.UTC(2026, 0, 1, 2, 55);

/** The form and the pending list wired to an outbox, as a panel will wire them. */
function Annotating({ outbox }: { outbox: AnnotationOutbox }) {
  const { items, add, retry, discard } = useOutbox(DASHBOARD, outbox);
  const [open, setOpen] = useState(true);
  return (
    <div>
      {open && (
        <QuickAnnotationForm
          time={TIME}
          timeZone="utc"
          onSave={(draft) => {
            add(draft);
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
        />
      )}
      <PendingAnnotations items={items} onRetry={retry} onDiscard={discard} timeZone="utc" />
    </div>
  );
}

let http: FakeGrafanaHttp;
let clock: FakeClock;
let outbox: AnnotationOutbox;

beforeEach(() => {
  http = createFakeGrafanaHttp();
  clock = new FakeClock();
  outbox = createTestOutbox(http, clock);
});

afterEach(() => outbox.dispose());

async function advance(ms: number) {
  await act(async () => {
    await clock.advance(ms);
  });
}

function typeAndSave(text: string) {
  fireEvent.change(screen.getByTestId('driftline-annotation-text'), { target: { value: text } });
  fireEvent.click(screen.getByTestId('driftline-annotation-save'));
}

function outboxItem() {
  return screen.getByTestId('driftline-outbox-item');
}

describe('QuickAnnotationForm with the pending list', () => {
  it('shows the time it applies to, and saves a mitigation by default', async () => {
    render(<Annotating outbox={outbox} />);
    expect(screen.getByTestId('driftline-annotation-when')).toHaveTextContent('2026-01-01 02:55:00');
    typeAndSave('Rolled back model v42');
    expect(outboxItem()).toHaveAttribute('data-status', expect.stringMatching(/pending|sending/));

    await advance(0);
    expect(screen.queryByTestId('driftline-outbox-item')).not.toBeInTheDocument();
    expect(http.store.annotations[0]).toMatchObject({
      text: 'Rolled back model v42',
      tags: [expect.any(String), expect.any(String)],
    });
    expect(http.store.annotations[0].tags[0]).toBe('mitigation');
  });

  it('saves with the incident preset and extra tags, from the keyboard', async () => {
    render(<Annotating outbox={outbox} />);
    fireEvent.click(screen.getByTestId('driftline-annotation-preset-incident'));
    const tagInput = screen.getByPlaceholderText('Add a tag and press Enter');
    fireEvent.change(tagInput, { target: { value: 'sev1' } });
    fireEvent.keyDown(tagInput, { key: 'Enter' });
    const text = screen.getByTestId('driftline-annotation-text');
    fireEvent.change(text, { target: { value: 'Checkout latency over SLO' } });
    fireEvent.keyDown(text, { key: 'Enter', ctrlKey: true });

    await advance(0);
    expect(http.store.annotations[0].tags.slice(0, 2)).toEqual(['incident', 'sev1']);
  });

  it('refuses a text over the limit with a clear message and keeps it', () => {
    render(<Annotating outbox={outbox} />);
    typeAndSave('x'.repeat(10_001));
    expect(screen.getByTestId('driftline-annotation-problem')).toHaveTextContent(
      'The text is 10,001 characters long; the limit is 10,000'
    );
    expect(screen.getByTestId('driftline-annotation-text')).toHaveValue('x'.repeat(10_001));
    expect(outbox.getItems(DASHBOARD)).toHaveLength(0);
  });

  it('shows a 403 as not sent, with the reason, and lets the person discard it', async () => {
    http.store.setMode('forbidden');
    render(<Annotating outbox={outbox} />);
    typeAndSave('Scaled the model service to 6 replicas');
    await advance(0);

    expect(outboxItem()).toHaveAttribute('data-status', 'failed');
    expect(outboxItem()).toHaveTextContent(`Not sent: ${FORBIDDEN_MESSAGE}`);
    expect(outboxItem()).toHaveTextContent('Scaled the model service to 6 replicas');
    await advance(10 * 60_000);
    expect(http.requests()).toHaveLength(1);

    fireEvent.click(within(outboxItem()).getByRole('button', { name: /discard/i }));
    expect(screen.queryByTestId('driftline-outbox-item')).not.toBeInTheDocument();
  });

  it('shows a 500 as pending with the next try, then clears it once sent', async () => {
    http.store.setMode('error500', 1);
    render(<Annotating outbox={outbox} />);
    typeAndSave('Paused the backfill job');
    await advance(0);

    expect(outboxItem()).toHaveAttribute('data-status', 'pending');
    expect(outboxItem()).toHaveTextContent('Grafana answered with an error (HTTP 500)');
    expect(outboxItem()).toHaveTextContent('next try at 03:00:01');
    expect(within(outboxItem()).queryByRole('button', { name: /retry/i })).not.toBeInTheDocument();

    await advance(1_000);
    expect(screen.queryByTestId('driftline-outbox-item')).not.toBeInTheDocument();
    expect(http.store.annotations).toHaveLength(1);
  });

  it('shows a timed-out send as sending, then as checked for on the server, then sends it', async () => {
    http.store.setMode('hang', 1);
    render(<Annotating outbox={outbox} />);
    typeAndSave('Switched traffic to the fallback model');
    await advance(0);
    expect(outboxItem()).toHaveAttribute('data-status', 'sending');
    expect(outboxItem()).toHaveTextContent('Sending…');

    await advance(15_000);
    expect(outboxItem()).toHaveAttribute('data-status', 'pending');
    expect(outboxItem()).toHaveTextContent(
      'Grafana is slow; checking whether it saved this before resending (next check at 03:00:16)'
    );

    // Not found within the grace period (three timeouts after the request): sent again.
    await advance(30_000);
    expect(screen.queryByTestId('driftline-outbox-item')).not.toBeInTheDocument();
    expect(http.store.annotations).toHaveLength(1);
  });

  it('shows a conflict with Retry and Discard; Retry sends it', async () => {
    http.store.setMode('conflict', 1);
    render(<Annotating outbox={outbox} />);
    typeAndSave('Feature flag new-ranker off');
    await advance(0);

    expect(outboxItem()).toHaveAttribute('data-status', 'failed');
    expect(outboxItem()).toHaveTextContent('changed by someone else');
    expect(within(outboxItem()).getByRole('button', { name: /discard/i })).toBeInTheDocument();

    fireEvent.click(within(outboxItem()).getByRole('button', { name: /retry/i }));
    await advance(0);
    expect(screen.queryByTestId('driftline-outbox-item')).not.toBeInTheDocument();
    expect(http.store.annotations).toHaveLength(1);
  });

  it('Escape cancels without saving', () => {
    render(<Annotating outbox={outbox} />);
    fireEvent.keyDown(screen.getByTestId('driftline-annotation-text'), { key: 'Escape' });
    expect(screen.queryByTestId('driftline-annotation-form')).not.toBeInTheDocument();
    expect(outbox.getItems(DASHBOARD)).toHaveLength(0);
  });
});

describe('rendering what people typed', () => {
  const payloads = [
    '<img src=x onerror="window.__pwned = 1">',
    '<script>window.__pwned = 1</script>',
    '[runbook](javascript:window.__pwned=1) **bold**',
  ];

  it.each(payloads)('renders %s as inert text', async (payload) => {
    http.store.setMode('forbidden');
    const { container } = render(<Annotating outbox={outbox} />);
    const tagInput = screen.getByPlaceholderText('Add a tag and press Enter');
    fireEvent.change(tagInput, { target: { value: '<b onmouseover=alert(1)>x</b>' } });
    fireEvent.keyDown(tagInput, { key: 'Enter' });
    typeAndSave(payload);
    await advance(0);

    const item = outboxItem();
    expect(item).toHaveTextContent(payload);
    expect(item).toHaveTextContent('<b onmouseover=alert(1)>x</b>');
    expect(container.querySelector('img, script, a, b, strong')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });
});
