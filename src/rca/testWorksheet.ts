import { createWorksheet, Worksheet } from './worksheet';

export const T0 = Date.UTC(2026, 2, 14, 9, 0);

/** A filled-in worksheet for the chatbot outage, as a review would leave it. */
export function chatbotWorksheet(): Worksheet {
  const worksheet = createWorksheet(
    {
      id: '42',
      title: 'SEV1: chat unavailable',
      start: T0,
      end: T0 + 45 * 60_000,
      dashboardUID: 'chatbot-outage',
      severity: 'sev1',
    },
    T0
  );
  worksheet.evidence = [
    {
      id: 'e1',
      type: 'change',
      kind: 'config',
      title: 'autoscaler: max replicas 40',
      time: T0,
      link: '/d/chatbot-outage?viewPanel=1&from=1&to=2',
    },
    { id: 'e2', type: 'onset', title: 'GPU utilisation up', time: T0 - 20 * 60_000 },
  ];
  worksheet.whys = [
    { id: 'w1', why: 'Why did chat fail?', because: 'New replicas crash-looped', evidenceIds: ['e1'] },
    { id: 'w2', why: 'Why did they crash?', because: 'CUDA out of memory while loading the model', evidenceIds: [] },
  ];
  worksheet.fishbone.categories.Technology.push({
    id: 'c1',
    text: 'GPU memory headroom',
    status: 'confirmed',
    evidenceIds: ['e2'],
  });
  worksheet.fishbone.categories.Process.push({
    id: 'c2',
    text: 'No canary for autoscaler config',
    status: 'open',
    evidenceIds: [],
  });
  worksheet.fishbone.categories.Model.push({
    id: 'c3',
    text: 'Model regression',
    status: 'ruled-out',
    evidenceIds: [],
  });
  worksheet.postMortem = {
    summary: 'Viral traffic saturated GPUs; scaling out crashed.',
    impact: 'Chat unavailable for 45 minutes.',
    rootCause: 'Replicas load the model with no memory check.',
    contributingFactors: ['Autoscaler change without canary'],
    whatWentWell: ['Rollback took 5 minutes'],
    actionItems: [
      { id: 'a1', text: 'Add GPU memory preflight', owner: 'serving team', due: '2026-04-01', done: false },
    ],
  };
  return worksheet;
}
