/**
 * The few playwright-core calls the e2e test makes, typed here: playwright-core lives in
 * .e2e-cache/ (not a dependency of the repository), so its own types are not visible to tsc.
 */
export interface Locator {
  first(): Locator;
  nth(i: number): Locator;
  count(): Promise<number>;
  click(options?: { timeout?: number; button?: 'left' | 'right'; force?: boolean }): Promise<void>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  textContent(): Promise<string | null>;
  innerText(): Promise<string>;
  isVisible(): Promise<boolean>;
  locator(selector: string): Locator;
  fill(text: string): Promise<void>;
  inputValue(): Promise<string>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
    insertText(text: string): Promise<void>;
  };
  mouse: { move(x: number, y: number): Promise<void>; click(x: number, y: number): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console', cb: (msg: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', cb: (e: Error) => void): void;
  setDefaultTimeout(ms: number): void;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Chromium {
  launchPersistentContext(
    userDataDir: string,
    options: {
      executablePath: string;
      headless: boolean;
      env?: { [k: string]: string | undefined };
      args?: string[];
      viewport?: { width: number; height: number };
    },
  ): Promise<BrowserContext>;
}

export interface PlaywrightCore {
  chromium: Chromium;
}
