import { escapeMarkdown, exportMarkdown } from './markdown';
import { chatbotWorksheet, T0 } from './testWorksheet';
import { buildPostmortemTimeline } from './timeline';

describe('markdown export', () => {
  it('has every section of the post-mortem', () => {
    const worksheet = chatbotWorksheet();
    const markdown = exportMarkdown(worksheet, {
      timeline: buildPostmortemTimeline({ incidentStart: T0, incidentEnd: worksheet.incident.end }),
    });
    const headings = markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toEqual([
      '# Post-mortem: SEV1: chat unavailable',
      '## Summary',
      '## Impact',
      '## Timeline',
      '## 5 Whys',
      '## Fishbone',
      '### People',
      '### Process',
      '### Technology',
      '### Environment',
      '### Data',
      '### Model',
      '## Root cause',
      '## Contributing factors',
      '## What went well',
      '## Action items',
    ]);
    expect(markdown).toContain('| T+0 | 2026-03-14 09:00 UTC | incident | Incident starts |');
    expect(markdown).toContain('| T+45 min | 2026-03-14 09:45 UTC | incident | Incident ends |');
    expect(markdown).toContain('1. **Why?** Why did chat fail?');
    expect(markdown).toContain('**Because** New replicas crash-looped _(evidence: autoscaler: max replicas 40)_');
    expect(markdown).toContain('- **confirmed**: GPU memory headroom');
    expect(markdown).toContain('- **ruled-out**: Model regression');
    expect(markdown).toContain('| Add GPU memory preflight | serving team | 2026-04-01 | no |');
    expect(markdown).toContain('**Duration:** 45 min');
  });

  it('makes user text inert', () => {
    const worksheet = chatbotWorksheet();
    worksheet.postMortem.summary =
      '<script>alert(1)</script> **bold** [link](http://x) # not a heading\n# heading?\n- list\n1. item';
    worksheet.postMortem.actionItems[0].text = 'a | b';
    const markdown = exportMarkdown(worksheet);
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain(
      '&lt;script&gt;alert\\(1\\)&lt;/script&gt; \\*\\*bold\\*\\* \\[link\\]\\(http://x\\) \\# not a heading'
    );
    expect(markdown).toContain('\n\\# heading?\n\\- list\n1\\. item');
    expect(markdown).toContain('| a \\| b |');
  });

  it('escapes the HTML entity start so text cannot spell entities', () => {
    expect(escapeMarkdown('&lt;')).toBe('&amp;lt;');
  });

  it('says when parts are not written yet', () => {
    const worksheet = chatbotWorksheet();
    worksheet.whys = [];
    worksheet.postMortem.summary = '';
    worksheet.postMortem.actionItems = [];
    const markdown = exportMarkdown(worksheet);
    expect(markdown).toContain('_No whys recorded._');
    expect(markdown).toContain('## Summary\n\n_Not written yet._');
    expect(markdown).toContain('_No action items._');
  });
});
