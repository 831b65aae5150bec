import { serve } from '@hono/node-server';
import { chromium } from 'playwright-core';
import { createDesk } from '../../src/views/desk/app';
import { finding, MemoryStore, report } from '../helpers/memory-store';

test('shots', async () => {
  const store = new MemoryStore();
  const agencies = { agencies: [{ name: '区人民政府', aliases: ['区政府'], members: ['甲局', '乙局'] }, { name: '甲局', aliases: ['甲'] }, { name: '乙局', aliases: [] }, { name: '丙局', aliases: [], deadline: '06-30' }] };
  for (const y of [2020, 2021]) store.submit(report('甲局', y, { 'applications.received.total': 5 + y - 2020, 'applications.results.granted.total': 3, 'applications.carriedForward.naturalPerson': 2 }));
  const BAL = ['applications.received.naturalPerson', 'applications.carriedIn.naturalPerson', 'applications.results.total.naturalPerson', 'applications.carriedForward.naturalPerson'];
  store.submit(report('甲局', 2022, { 'applications.received.naturalPerson': 3, 'applications.results.total.naturalPerson': 2, 'applications.received.total': 9 }), [
    finding('甲局', 2022, 'T3.balance', BAL, 3, 2, { params: { edition: '2021', column: 'naturalPerson', received: 3, carriedIn: 0, resultsTotal: 2, carriedForward: 0 } }),
    finding('甲局', 2022, 'T4.litigation-vs-reconsideration', ['reviewLitigation.litigationAfterReconsideration.total', 'reviewLitigation.reconsideration.total'], 0, 1, { params: { edition: '2021' } }),
  ]);
  const app = createDesk({ store, agencies, host: '127.0.0.1', port: () => 0, today: () => '2023-03-01' });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 18765 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => errors.push(m.text()));
  await page.goto('http://127.0.0.1:18765/?year=2022');
  await page.screenshot({ path: '/tmp/shot-overview.png', fullPage: true });
  await page.goto('http://127.0.0.1:18765/agency/2022/%E7%94%B2%E5%B1%80');
  await page.screenshot({ path: '/tmp/shot-agency.png', fullPage: true });
  console.log(errors);
  await browser.close();
  server.close();
});
