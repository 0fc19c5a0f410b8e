/** The status bar item's text and tooltip for a daemon state: pure, so every case is tested. */
export type DaemonState = 'running' | 'stopped' | 'unreachable' | 'starting' | 'unknown';

export interface StatusText {
  readonly text: string;
  readonly tooltip: string;
}

export function statusText(
  state: DaemonState,
  loadedSources: number,
  adminPort: number | undefined,
  failedActors = 0,
): StatusText {
  const port = adminPort === undefined ? '' : ` on port ${adminPort}`;
  switch (state) {
    case 'running':
      if (failedActors > 0) {
        return {
          text: `$(error) Director: ${loadedSources} loaded, ${failedActors} failed`,
          tooltip: `Thespian Director daemon running${port}, ${loadedSources} source${loadedSources === 1 ? '' : 's'} loaded; ${failedActors} actor${failedActors === 1 ? '' : 's'} failed. Click to show the Loaded view.`,
        };
      }
      return {
        text: `$(pulse) Director: ${loadedSources} loaded`,
        tooltip: `Thespian Director daemon running${port}, ${loadedSources} source${loadedSources === 1 ? '' : 's'} loaded. Click to show the Loaded view.`,
      };
    case 'starting':
      return { text: '$(loading~spin) Director: starting', tooltip: `Starting the Thespian Director daemon${port}…` };
    case 'stopped':
      return {
        text: '$(circle-slash) Director: stopped',
        tooltip: `No Thespian Director daemon runs${port}. Click to show the Loaded view.`,
      };
    case 'unreachable':
      return {
        text: '$(warning) Director: unreachable',
        tooltip: `Something answers${port} but not as a Thespian Director daemon, or it refused the admin token. See the output channel.`,
      };
    case 'unknown':
      return { text: '$(question) Director', tooltip: 'Thespian Director: state not known yet.' };
  }
}
