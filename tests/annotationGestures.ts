import { expect, type Locator, type Page } from '@playwright/test';

/** The annotation controls every Driftline panel draws over its time axis. */
export const ANNOTATION_TEST_IDS = {
  capture: 'driftline-annotation-capture',
  form: 'driftline-annotation-form',
  text: 'driftline-annotation-text',
  save: 'driftline-annotation-save',
  marker: 'driftline-annotation',
};

/** Ctrl+drag across the middle of a panel's time axis, then fill in the quick form and save: a region. */
export async function ctrlDragRegionAnnotation(page: Page, panel: Locator, text: string) {
  const area = panel.getByTestId(ANNOTATION_TEST_IDS.capture).first();
  const box = (await area.boundingBox())!;
  const y = box.y + Math.min(box.height / 2, 12);
  await page.keyboard.down('Control');
  await page.mouse.move(box.x + box.width * 0.55, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Control');
  const form = page.getByTestId(ANNOTATION_TEST_IDS.form);
  await expect(form).toBeVisible();
  await form.getByTestId(ANNOTATION_TEST_IDS.text).fill(text);
  await form.getByTestId(ANNOTATION_TEST_IDS.save).click();
  await expect(form).toHaveCount(0);
}
