// The app from the keyboard alone, on the bundled demand-mitigation sample: open it (Enter on "Open
// capture…", the file chooser), Tab through toolbar → filter bar → quick filters → list → splitter → detail
// → splitter → lanes, resize the panes with the splitters (arrows, Shift+arrows, Home/End),
// move through the rows (arrows, Page Up/Down, Home/End: the selection stays in sight), Enter opens the
// detail, its tabs switch with the arrow keys, R follows the link between request and response, Escape
// goes back to the list and closes the completion list, the lanes select messages with the arrow keys.
// And axe-core (injected into the page) finds no serious or critical accessibility violation in the light
// and dark themes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, root, screenshot, test } from './fixtures';

const SAMPLE = join(root, 'samples/demand-mitigation.pcapng');
const AXE = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** The part of the app the focused element is in (null: none of them, e.g. the page itself). */
function focusedArea(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const areas: [string, string][] = [
      ['toolbar', '.toolbar'], ['filter', '[role=search]'], ['quick', '[aria-label="Quick filters"]'],
      ['list', '[role=grid]'], ['detail', '.detail'], ['lower', '.lower-pane'],
      ['split-detail', '[data-testid=split-detail]'], ['split-lower', '[data-testid=split-lower]'],
    ];
    for (const [name, sel] of areas) if (el.closest(sel)) return name;
    return `other: ${el.tagName} ${el.className}`;
  });
}

/** Presses Tab until `target` has the focus; returns the areas passed through, in order, without repeats. */
async function tabUntil(page: Page, target: Locator, max = 80): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const a = await focusedArea(page);
    if (a && seen[seen.length - 1] !== a) seen.push(a);
    if (await target.evaluate((el) => el === document.activeElement)) return seen;
  }
  throw new Error(`${max} presses of Tab did not reach the target; passed through ${seen.join(' → ')}`);
}

/** The selected row of the list, checked to be the grid's active descendant and inside the list's viewport. */
async function selectedRowInSight(page: Page): Promise<{ seq: number; index: number; kind: string }> {
  const grid = page.getByRole('grid', { name: 'Messages' });
  const row = grid.locator('[role=row][aria-selected=true]');
  await expect(row).toHaveCount(1);
  const id = await row.getAttribute('id');
  await expect(grid).toHaveAttribute('aria-activedescendant', id!);
  const body = (await grid.boundingBox())!;
  const box = (await row.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(body.y + 23); // below the sticky header
  expect(box.y + box.height).toBeLessThanOrEqual(body.y + body.height + 1);
  return {
    seq: Number(await row.getAttribute('data-seq')),
    index: Number(await row.getAttribute('aria-rowindex')) - 2,
    kind: (await row.getAttribute('data-kind')) ?? '',
  };
}

interface Violation { id: string; impact: string | null; help: string; nodes: string[] }

/** Runs axe-core in the page; the serious and critical violations. */
async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not apply to.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test('the app works from the keyboard alone', async ({ page, server, errors }) => {
  // Waiting for the file chooser from the start: Playwright intercepts it only once it is asked to, and a
  // key press is quicker than that request.
  const chooser = page.waitForEvent('filechooser');
  await page.goto(server.url);
  await expect(page.getByTestId('welcome')).toBeVisible();

  // Open the sample: the first Tab stop is "Open capture…"; Enter opens the file chooser.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('open-button')).toBeFocused();
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(SAMPLE);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-done', 'true');
  const count = Number((await page.getByTestId('status-count').textContent())!.replace(/\D/g, ''));
  expect(count).toBeGreaterThan(100);

  // Tab order: toolbar → filter bar → quick filters → the list.
  const grid = page.getByRole('grid', { name: 'Messages' });
  await page.getByTestId('open-button').focus();
  expect(await tabUntil(page, grid)).toEqual(['toolbar', 'filter', 'quick', 'list']);
  await screenshot(page, '10-keyboard-list');

  // Arrows move the selection and the detail follows.
  await page.keyboard.press('ArrowDown');
  let sel = await selectedRowInSight(page);
  expect(sel.index).toBe(0);
  await expect(page.getByTestId('detail')).toHaveAttribute('data-seq', String(sel.seq));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  sel = await selectedRowInSight(page);
  expect(sel.index).toBe(2);
  await page.keyboard.press('ArrowUp');
  expect((await selectedRowInSight(page)).index).toBe(1);
  // Page Down moves by a screenful, End to the last row, Home back to the first: always in sight.
  await page.keyboard.press('PageDown');
  sel = await selectedRowInSight(page);
  expect(sel.index).toBeGreaterThan(10);
  await page.keyboard.press('PageDown');
  expect((await selectedRowInSight(page)).index).toBeGreaterThan(sel.index + 10);
  await page.keyboard.press('PageUp');
  expect((await selectedRowInSight(page)).index).toBe(sel.index);
  await page.keyboard.press('End');
  await expect(grid.locator('[role=row][aria-selected=true]')).toHaveAttribute('aria-rowindex', String(count + 1));
  await selectedRowInSight(page);
  await page.keyboard.press('Home');
  await expect(grid.locator('[role=row][aria-selected=true]')).toHaveAttribute('aria-rowindex', '2');
  await selectedRowInSight(page);

  // Down to the first request answered in the capture (its link cell names the response).
  for (let i = 0; i < 40; i++) {
    sel = await selectedRowInSight(page);
    const link = await grid.locator('[role=row][aria-selected=true] .c-link').textContent();
    if (sel.kind === 'request' && link?.startsWith('→')) break;
    await page.keyboard.press('ArrowDown');
  }
  expect(sel.kind).toBe('request');
  const request = sel.seq;
  const detail = page.getByTestId('detail');
  await expect(detail).toHaveAttribute('data-seq', String(request));

  // Enter opens the detail (the focus moves there); Tab goes through its controls to the payload tabs.
  await page.keyboard.press('Enter');
  await expect(detail).toBeFocused();
  await expect(page.getByTestId('linked')).toContainText('Answered by');
  const payloadTab = page.getByRole('tab', { name: 'Payload' });
  const selectedTab = page.getByRole('tablist', { name: 'Payload views' }).getByRole('tab', { selected: true });
  expect(await tabUntil(page, selectedTab)).toEqual(['detail']);
  // On the way: the link button and the decoded tree (one tab stop; arrows move inside it).
  await page.getByTestId('linked-button').focus();
  await page.keyboard.press('Tab');
  const tree = page.getByRole('tree', { name: 'Decoded fields' });
  await expect(tree.getByRole('treeitem').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem').nth(1)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(selectedTab).toBeFocused();
  // The tabs switch with the arrow keys.
  await page.keyboard.press('Home');
  await expect(payloadTab).toHaveAttribute('aria-selected', 'true');
  await expect(payloadTab).toBeFocused();
  await page.keyboard.press('ArrowRight');
  const hexTab = page.getByRole('tab', { name: 'Hex' });
  await expect(hexTab).toBeFocused();
  await expect(hexTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('hex-view')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Why' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('detail-tabpanel')).toContainText(/rule|category/i);
  await screenshot(page, '11-keyboard-detail-tabs');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(payloadTab).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('payload-editor')).toBeVisible();

  // Escape goes back to the list; R follows the link to the response and back.
  await page.keyboard.press('Escape');
  await expect(grid).toBeFocused();
  await page.keyboard.press('r');
  await expect(detail).not.toHaveAttribute('data-seq', String(request));
  await expect(page.getByTestId('linked')).toContainText('Answers');
  const response = await detail.getAttribute('data-seq');
  expect((await selectedRowInSight(page)).seq).toBe(Number(response));
  await page.keyboard.press('r');
  await expect(detail).toHaveAttribute('data-seq', String(request));
  // The link button of the detail does the same (Enter on it).
  await page.keyboard.press('Enter');
  await expect(detail).toBeFocused();
  await page.getByTestId('linked-button').focus();
  await page.keyboard.press('Enter');
  await expect(detail).toHaveAttribute('data-seq', response!);
  await page.keyboard.press('Escape');
  await expect(grid).toBeFocused();

  // Tab on from the list: the splitter beside it, the detail, the splitter above the lanes, then the lanes
  // (their tabs, tools and the arrows, a list box).
  const lanes = page.getByTestId('lanes-list');
  expect(await tabUntil(page, lanes)).toEqual(['split-detail', 'detail', 'split-lower', 'lower']);
  const before = Number(await detail.getAttribute('data-seq'));
  await page.keyboard.press('ArrowDown');
  await expect(detail).not.toHaveAttribute('data-seq', String(before));
  const active = await lanes.getAttribute('aria-activedescendant');
  expect(active).toMatch(/^lane-\d+$/);
  await expect(page.locator(`#${active}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`#${active}`)).toHaveAttribute('data-seq', (await detail.getAttribute('data-seq'))!);
  // The list follows the lanes' selection.
  expect((await selectedRowInSight(page)).seq).toBe(Number(await detail.getAttribute('data-seq')));
  await screenshot(page, '12-keyboard-lanes');
  // Enter in the lanes opens the detail as well.
  await page.keyboard.press('Enter');
  await expect(detail).toBeFocused();

  // The lower pane's tabs: ← / → switch between lanes and plots.
  const lanesTab = page.getByRole('tab', { name: 'Lanes' });
  await lanesTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Plots' })).toBeFocused();
  await expect(page.getByTestId('plots')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(lanesTab).toBeFocused();
  await expect(lanes).toBeVisible();

  // Ctrl+F: the filter; Escape closes its completion list, Enter applies.
  await page.keyboard.press('Control+f');
  const input = page.getByTestId('filter-input');
  await expect(input).toBeFocused();
  await page.keyboard.type('ocpp.ac');
  const suggestions = page.getByRole('listbox', { name: 'Suggestions' });
  await expect(suggestions).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(suggestions).toBeHidden();
  await expect(input).toBeFocused();
  await page.keyboard.press('Control+a');
  await page.keyboard.type('protocol == "ocpp"');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-count')).toHaveText(new RegExp(`^\\d+ of ${count.toLocaleString('en')} messages$`));

  // Shift+Tab from the filter reaches the theme switch (the last control of the toolbar); Enter: dark.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByTestId('theme-button')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await screenshot(page, '13-keyboard-dark-focus');
  await grid.focus();
  await page.keyboard.press('ArrowDown');
  await selectedRowInSight(page);
  await screenshot(page, '14-keyboard-dark-list');
  expect(errors).toEqual([]);
});

test('the pane splitters work from the keyboard, and the sizes are remembered', async ({ page, server, errors }) => {
  await page.goto(server.url);
  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-done', 'true');
  const grid = page.getByRole('grid', { name: 'Messages' });
  const detail = page.locator('.main > .detail');
  const lower = page.locator('.main > .lower-pane');
  const width = async () => (await detail.boundingBox())!.width;
  const height = async () => (await lower.boundingBox())!.height;

  // Tab from the list reaches the splitter between the list and the detail.
  await grid.focus();
  const vsplit = page.getByRole('separator', { name: 'Resize message list and detail' });
  await page.keyboard.press('Tab');
  await expect(vsplit).toBeFocused();
  await expect(vsplit).toHaveAttribute('aria-orientation', 'vertical');
  await expect(vsplit).toHaveCSS('background-color', await page.evaluate(() => {
    // the focus ring: the bar in the --focus colour
    const probe = document.createElement('div');
    probe.style.color = 'var(--focus)';
    document.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }));
  const w0 = await width();
  const v0 = Number(await vsplit.getAttribute('aria-valuenow'));
  expect(Math.abs(v0 - w0)).toBeLessThanOrEqual(1);
  expect(Number(await vsplit.getAttribute('aria-valuemin'))).toBe(300);
  expect(Number(await vsplit.getAttribute('aria-valuemax'))).toBe(1440 - 360);
  // ← widens the detail by 16 px, Shift+→ narrows it by 64 px.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(vsplit).toHaveAttribute('aria-valuenow', String(v0 + 32));
  expect(await width()).toBeCloseTo(w0 + 32, 0);
  await page.keyboard.press('Shift+ArrowRight');
  await expect(vsplit).toHaveAttribute('aria-valuenow', String(v0 - 32));
  expect(await width()).toBeCloseTo(w0 - 32, 0);
  // Home: the smallest detail; End: the largest.
  await page.keyboard.press('Home');
  await expect(vsplit).toHaveAttribute('aria-valuenow', '300');
  expect(await width()).toBeCloseTo(300, 0);
  await page.keyboard.press('End');
  await expect(vsplit).toHaveAttribute('aria-valuenow', String(1440 - 360));
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(vsplit).toHaveAttribute('aria-valuenow', '364');

  // The splitter above the lanes: ↑ makes them taller, ↓ shorter.
  const hsplit = page.getByRole('separator', { name: 'Resize message list and lanes' });
  await hsplit.focus();
  await expect(hsplit).toHaveAttribute('aria-orientation', 'horizontal');
  const h0 = await height();
  const u0 = Number(await hsplit.getAttribute('aria-valuenow'));
  await page.keyboard.press('ArrowUp');
  await expect(hsplit).toHaveAttribute('aria-valuenow', String(u0 + 16));
  expect(await height()).toBeCloseTo(h0 + 16, 0);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await expect(hsplit).toHaveAttribute('aria-valuenow', String(u0 + 16 - 128));
  expect(await height()).toBeCloseTo(h0 + 16 - 128, 0);
  await page.keyboard.press('Home');
  await expect(hsplit).toHaveAttribute('aria-valuenow', '120');

  // The sizes are remembered.
  await page.reload();
  await expect(page.getByTestId('welcome')).toBeVisible();
  await expect(page.getByRole('separator', { name: 'Resize message list and detail' })).toHaveAttribute('aria-valuenow', '364');
  expect(await width()).toBeCloseTo(364, 0);
  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-done', 'true');
  await expect(page.getByRole('separator', { name: 'Resize message list and lanes' })).toHaveAttribute('aria-valuenow', '120');
  expect(await height()).toBeCloseTo(120, 0);
  expect(errors).toEqual([]);
});

test('no serious or critical accessibility violations (axe-core), light and dark', async ({ page, server, errors }) => {
  // Every state is checked before the verdict, so that a failure lists them all.
  const found: Record<string, Violation[]> = {};
  const check = async (state: string) => {
    const v = await axeViolations(page);
    if (v.length) found[state] = v;
  };
  await page.goto(server.url);
  await expect(page.getByTestId('welcome')).toBeVisible();
  await check('welcome, light');

  await page.getByTestId('file-input').setInputFiles(SAMPLE);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-done', 'true');
  const grid = page.getByRole('grid', { name: 'Messages' });
  await grid.locator('[role=row][data-kind=request]').first().click();
  await expect(page.getByTestId('payload-editor').locator('.view-lines')).not.toBeEmpty();
  await grid.focus();
  await check('a message selected, payload tab, list focused, light');

  await page.getByRole('tab', { name: 'Hex' }).click();
  await expect(page.getByTestId('hex-view')).toBeVisible();
  await page.getByTestId('lanes-list').focus();
  await check('hex tab, lanes focused, light');

  await page.getByTestId('theme-button').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await check('hex tab, dark');
  await page.getByRole('tab', { name: 'Why' }).click();
  await check('why tab, dark');
  await page.getByRole('tab', { name: 'Payload' }).click();
  await expect(page.getByTestId('payload-editor').locator('.view-lines')).not.toBeEmpty();
  await check('payload tab, dark');
  await page.getByRole('tab', { name: 'Plots' }).click();
  await page.getByTestId('filter-input').fill('ocpp.ac');
  await expect(page.getByRole('listbox', { name: 'Suggestions' })).toBeVisible();
  await check('plots, completion list open, dark');
  await screenshot(page, '15-axe-dark');
  expect(found).toEqual({});
  expect(errors).toEqual([]);
});
