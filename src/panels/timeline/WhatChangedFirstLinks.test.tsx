import React from 'react';
import { render, screen } from '@testing-library/react';
import { checkDataLinks } from '../../data/links';
import { TimelineStep } from '../../findings/changeSequence';
import { stepKey, WhatChangedFirst } from './WhatChangedFirst';

// A data link is filled in with query results; one that comes out as `javascript:` must not become a link.
const ONSET: TimelineStep = {
  type: 'onset',
  laneId: 'A-p99',
  label: 'A-p99',
  displayLabel: 'p99 latency',
  time: Date.UTC(2026, 2, 14, 11),
  offsetMs: 0,
  direction: 'up',
  score: 12,
  precededBy: [],
};

describe('the data links of a selected step', () => {
  it('render links to Grafana and to other web hosts, and a planted javascript: link as inert text', () => {
    const links = checkDataLinks(
      [
        { title: 'Explore', href: '/explore?left=%7B%7D' },
        { title: 'Runbook', href: 'https://runbooks.example/p99', target: '_blank' },
        { title: 'Trace', href: 'javascript:alert(document.cookie)' },
      ],
      'https://grafana.example.com'
    );
    render(
      <WhatChangedFirst
        steps={[ONSET]}
        incidentSource="the incident start"
        pending={false}
        selectedKey={stepKey(ONSET)}
        onSelect={() => {}}
        linksFor={() => links}
        directionColor={() => 'red'}
      />
    );
    const anchors = screen.getAllByTestId('driftline-step-link');
    expect(anchors.map((anchor) => anchor.getAttribute('href'))).toEqual([
      '/explore?left=%7B%7D',
      'https://runbooks.example/p99',
    ]);
    const refused = screen.getByTestId('driftline-step-link-refused');
    expect(refused.tagName).toBe('SPAN');
    expect(refused).toHaveTextContent('Trace: javascript:alert(document.cookie)');
    expect(refused.closest('a')).toBeNull();
    expect(document.querySelectorAll('a[href^="javascript:"]')).toHaveLength(0);
  });
});
