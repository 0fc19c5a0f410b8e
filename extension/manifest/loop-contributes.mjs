// The developer loop's manifest entries (live loading, Send Message… / Ask…, log records, Debug
// Daemon, Keys and Convention views, walkthrough, welcome views), kept apart from the base
// manifest so both grow without touching each other. apply-manifest.mjs appends these.
const C = 'Thespian Director';
const cmd = (id, title, icon) => ({
  command: `thespianDirector.${id}`,
  title,
  category: C,
  ...(icon ? { icon: `$(${icon})` } : {}),
});
const LO = 'view == thespianDirector.loaded';

export const loopContributes = {
  commands: [
    cmd('startLiveLoading', 'Start Live Loading', 'zap'),
    cmd('stopLiveLoading', 'Stop Live Loading', 'circle-slash'),
    cmd('sendMessage', 'Send Message…', 'mail'),
    cmd('askActor', 'Ask…', 'comment-discussion'),
    cmd('showActorLogs', 'Show Logs', 'output'),
    cmd('debugDaemon', 'Debug Daemon', 'debug-alt'),
    cmd('reloadKeys', 'Reload Keys', 'refresh'),
    cmd('reloadConvention', 'Reload Convention', 'refresh'),
  ],
  views: [
    { id: 'thespianDirector.keys', name: 'Keys', contextualTitle: 'Thespian Director' },
    { id: 'thespianDirector.convention', name: 'Convention', contextualTitle: 'Thespian Director' },
  ],
  viewsWelcome: [
    {
      view: 'thespianDirector.available',
      contents:
        "The director dir does not exist yet. It holds packages, TLIs and public keys; it is the thespianDirector.directorDir setting, or by default a folder in this workspace's extension storage (outside the work tree; a .thespian-director folder the first workspace folder already has is used instead), or the extension's global storage without a folder. Make a key pair to create it, or point the setting at an existing one.\n[Generate Signing Key Pair](command:thespianDirector.keygen)\n[Open Settings](command:workbench.action.openSettings?%5B%22thespianDirector.directorDir%22%5D)",
      when: 'thespianDirector.dirMissing',
    },
    {
      view: 'thespianDirector.keys',
      contents:
        'No public keys in the director dir yet. A package loads only when a key here verifies its signature.\n[Generate Signing Key Pair](command:thespianDirector.keygen)',
    },
    {
      view: 'thespianDirector.convention',
      contents: 'This daemon is not part of a convention (or is not running). Members appear here when it joins one.',
    },
  ],
  viewTitle: [
    {
      command: 'thespianDirector.startLiveLoading',
      when: `${LO} && !thespianDirector.liveLoading`,
      group: 'navigation@4',
    },
    {
      command: 'thespianDirector.stopLiveLoading',
      when: `${LO} && thespianDirector.liveLoading`,
      group: 'navigation@4',
    },
    { command: 'thespianDirector.debugDaemon', when: LO, group: '2_info' },
    { command: 'thespianDirector.showActorLogs', when: LO, group: '2_info' },
    { command: 'thespianDirector.reloadKeys', when: 'view == thespianDirector.keys', group: 'navigation@1' },
    {
      command: 'thespianDirector.reloadConvention',
      when: 'view == thespianDirector.convention',
      group: 'navigation@1',
    },
  ],
  itemContext: [
    { command: 'thespianDirector.askActor', when: `${LO} && viewItem == actor.running`, group: 'inline' },
    { command: 'thespianDirector.askActor', when: `${LO} && viewItem == actor.running`, group: '0_talk@1' },
    { command: 'thespianDirector.sendMessage', when: `${LO} && viewItem == actor.running`, group: '0_talk@2' },
    { command: 'thespianDirector.showActorLogs', when: `${LO} && viewItem =~ /^(actor|source)/`, group: '2_open@9' },
  ],
  properties: {
    'thespianDirector.liveLoading.unloadPrevious': {
      type: 'boolean',
      default: true,
      markdownDescription:
        "Live loading: unload the previous dev version once the new one is loaded. The group's TLI `AutoUnload`, when set, decides instead.",
    },
    'thespianDirector.groups': {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        required: ['group', 'sourcesDir'],
        properties: {
          group: { type: 'string', description: 'The group name.' },
          sourcesDir: {
            type: 'string',
            description: 'SOURCES_DIR: the folder that holds GROUP/, relative to the first workspace folder.',
          },
          tli: { type: 'string', description: "The group's TLI; default SOURCES_DIR/GROUP.tli." },
        },
      },
      markdownDescription:
        'Groups for live loading and debugging besides each `GROUP.tli` found beside its `GROUP/` folder: `[{ "group": "foo", "sourcesDir": "app" }]`.',
    },
    'thespianDirector.debug.inspectorPort': {
      type: 'integer',
      default: 0,
      minimum: 0,
      maximum: 65535,
      markdownDescription: 'Debug Daemon: the inspector port, on 127.0.0.1 only. 0 picks a free port.',
    },
  },
  walkthroughs: [
    {
      id: 'thespianDirector.firstSteps',
      title: 'Thespian Director: first steps',
      description: 'From a signing key to a running, debugged actor.',
      steps: [
        {
          id: 'key',
          title: 'Make a signing key',
          description:
            'Packages are signed; the daemon loads only what a public key in the director dir verifies.\n[Generate Signing Key Pair](command:thespianDirector.keygen)',
          media: { markdown: 'extension/media/walkthrough/key.md' },
          completionEvents: ['onCommand:thespianDirector.keygen'],
        },
        {
          id: 'package',
          title: 'Package the example',
          description:
            'Build a signed, versioned package of a group (a GROUP.tli beside its GROUP/ folder).\n[Generate Source Package](command:thespianDirector.gensrc)',
          media: { markdown: 'extension/media/walkthrough/package.md' },
          completionEvents: ['onCommand:thespianDirector.gensrc'],
        },
        {
          id: 'start',
          title: 'Start the daemon',
          description:
            'The daemon hosts the Director, which loads packages and runs their actors.\n[Start Daemon](command:thespianDirector.start)',
          media: { markdown: 'extension/media/walkthrough/start.md' },
          completionEvents: ['onCommand:thespianDirector.start'],
        },
        {
          id: 'load',
          title: 'Load it, then load on save',
          description:
            'Load the package; or start live loading and every save loads a new version.\n[Load](command:thespianDirector.load)\n[Start Live Loading](command:thespianDirector.startLiveLoading)',
          media: { markdown: 'extension/media/walkthrough/load.md' },
          completionEvents: ['onCommand:thespianDirector.load', 'onCommand:thespianDirector.startLiveLoading'],
        },
        {
          id: 'ask',
          title: 'Ask an actor',
          description: 'Send a JSON5 message to an actor and see its reply.\n[Ask…](command:thespianDirector.askActor)',
          media: { markdown: 'extension/media/walkthrough/ask.md' },
          completionEvents: ['onCommand:thespianDirector.askActor'],
        },
        {
          id: 'debug',
          title: 'Debug an actor',
          description:
            "Restart the daemon with the inspector on 127.0.0.1 and set breakpoints in your actor's .ts.\n[Debug Daemon](command:thespianDirector.debugDaemon)",
          media: { markdown: 'extension/media/walkthrough/debug.md' },
          completionEvents: ['onCommand:thespianDirector.debugDaemon'],
        },
      ],
    },
  ],
};

/** Appends the loop's entries to the base `contributes` (never reorders the base's). */
export function addLoopContributes(c) {
  c.commands.push(...loopContributes.commands);
  c.views.thespianDirector.push(...loopContributes.views);
  c.viewsWelcome.push(...loopContributes.viewsWelcome);
  c.menus['view/title'].push(...loopContributes.viewTitle);
  c.menus['view/item/context'].push(...loopContributes.itemContext);
  Object.assign(c.configuration.properties, loopContributes.properties);
  c.walkthroughs = loopContributes.walkthroughs;
  return c;
}
