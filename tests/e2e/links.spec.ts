// Request/response links of the grid protocols in the app (web mode, Chromium), on the bundled
// demand-mitigation sample: an oadrPoll is answered by the oadrDistributeEvent the VTN had queued and a
// 2030.5 GET of ActiveDERControlList by a DERControlList (pairs by HTTP exchange, not by name). Both rows
// show the link, the detail pane follows it and back, and no grid request is listed as unanswered: tshark
// says every HTTP request of the sample has its response.
import { join } from 'node:path';
import { hasTshark, tshark } from '../support/tshark';
import { expect, openCapture, root, screenshot, test } from './fixtures';

const SAMPLE = join(root, 'samples/demand-mitigation.pcapng');

test.beforeEach(async ({ page, server }) => {
  await page.goto(server.url);
  await expect(page.getByTestId('welcome')).toBeVisible();
});

test('OpenADR polls and 2030.5 GETs are linked to their responses both ways; none is unanswered', async ({ page, errors }) => {
  await openCapture(page, SAMPLE);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-done', 'true');
  const input = page.getByTestId('filter-input');
  await input.fill('protocol == "openadr" || protocol == "ieee2030.5"');
  await input.press('Enter');
  const status = page.getByTestId('status-count');
  await expect(status).toHaveText(/^\d+ of \d+ messages$/);
  const shown = Number((await status.textContent())!.split(' ')[0]);
  const grid = page.getByRole('grid', { name: 'Messages' });
  // (the list recycles row elements: only the visible ones are rows of the view)
  const rows = grid.locator('[role=row][data-seq]:visible');
  await expect(rows).toHaveCount(shown);

  if (hasTshark) {
    // every HTTP request of the sample's grid connections has a response (tshark's http.response_in)
    // (two passes: a request learns its response's frame from the second)
    const requests = tshark(['-2', '-r', SAMPLE, '-Y', 'http.request && !http.upgrade', '-T', 'fields', '-E', 'separator=\t', '-e', 'frame.number', '-e', 'http.response_in'])
      .map((l) => l.split('\t'));
    expect(requests.length * 2).toBe(shown);
    for (const [frame, answer] of requests) expect(answer, `request in frame ${frame}`).not.toBe('');
  }
  // each row links to its partner; none says "unanswered"
  await expect(rows.filter({ hasText: 'unanswered' })).toHaveCount(0);
  await expect(rows.locator('.c-link').filter({ hasText: /#\d+/ })).toHaveCount(shown);

  // oadrPoll -> oadrDistributeEvent
  const poll = rows.filter({ hasText: 'oadrPoll' }).first();
  const pollSeq = Number(await poll.getAttribute('data-seq'));
  await poll.click();
  const detail = page.getByTestId('detail');
  await expect(detail).toHaveAttribute('data-seq', String(pollSeq));
  const linked = page.getByTestId('linked-button');
  await expect(page.getByTestId('linked')).toContainText('Answered by');
  await expect(linked).toContainText('oadrDistributeEvent');
  const answer = rows.filter({ hasText: 'oadrDistributeEvent' }).first();
  const answerSeq = Number(await answer.getAttribute('data-seq'));
  await expect(poll.locator('.c-link')).toContainText(`#${answerSeq}`);
  await expect(answer.locator('.c-link')).toContainText(`#${pollSeq}`);
  await expect(grid.locator('[role=row].linked:visible')).toHaveAttribute('data-seq', String(answerSeq));
  await screenshot(page, 'links-01-poll');
  await linked.click();
  await expect(detail).toHaveAttribute('data-seq', String(answerSeq));
  await expect(page.getByTestId('linked')).toContainText('Answers');
  await expect(page.getByTestId('linked-button')).toContainText('oadrPoll');

  // 2030.5: GET ActiveDERControlList -> DERControlList
  const get = rows.filter({ hasText: 'ActiveDERControlList' }).first();
  await get.click();
  await expect(page.getByTestId('linked-button')).toContainText('DERControlList');
  await page.getByTestId('linked-button').click();
  await expect(detail).toContainText('DERControlList');
  await expect(page.getByTestId('linked')).toContainText('Answers');
  expect(errors).toEqual([]);
});
