// Writes the extension's keys into the root package.json, which is also the extension manifest.
// Only the keys the extension owns are touched (read, modify, write); every other key stays as
// it is. Ids here must match extension/src/model/ids.ts: test/extension/manifest.test.ts checks.
// Run: node extension/manifest/apply-manifest.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addLoopContributes } from './loop-contributes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const file = path.join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));

const C = 'Thespian Director';
const cmd = (id, title, icon, extra = {}) => ({
  command: `thespianDirector.${id}`,
  title,
  category: C,
  ...(icon ? { icon: `$(${icon})` } : {}),
  ...extra,
});
const AV = 'view == thespianDirector.available';
const LO = 'view == thespianDirector.loaded';

const contributes = {
  commands: [
    cmd('gensrc', 'Generate Source Package', 'file-zip'),
    cmd('load', 'Load', 'play'),
    cmd('loadVersion', 'Load This Version', 'play'),
    cmd('refresh', 'Load the Newest Version of Every Group (Refresh)', 'run-all'),
    cmd('unload', 'Unload', 'debug-stop'),
    cmd('start', 'Start Daemon', 'debug-start'),
    cmd('shutdown', 'Shutdown Daemon', 'stop-circle'),
    cmd('showConfig', 'Show Config', 'settings'),
    cmd('showContents', 'Show Package Contents', 'list-tree'),
    cmd('keygen', 'Generate Signing Key Pair', 'key'),
    cmd('convSecret', 'Generate Convention Secret', 'lock'),
    cmd('convCert', 'Generate Convention Certificates', 'workspace-trusted'),
    cmd('revealPackage', 'Reveal Package File', 'file'),
    cmd('openTli', 'Open TLI', 'go-to-file'),
    cmd('copyHash', 'Copy Hash', 'copy'),
    cmd('copyAddress', 'Copy Address', 'copy'),
    cmd('reloadViews', 'Re-read the Views (Loads Nothing)', 'refresh'),
    cmd('showOutput', 'Show Output', 'output'),
    cmd('showLoadedView', 'Show Loaded Sources', 'list-flat'),
    cmd('changePort', 'Change Admin Port', 'plug'),
    cmd('rollout', 'Roll Out to the Convention…', 'rocket'),
  ],
  viewsContainers: {
    activitybar: [{ id: 'thespianDirector', title: 'Thespian Director', icon: 'extension/media/director.svg' }],
  },
  views: {
    thespianDirector: [
      { id: 'thespianDirector.available', name: 'Available', contextualTitle: 'Thespian Director' },
      { id: 'thespianDirector.loaded', name: 'Loaded', contextualTitle: 'Thespian Director' },
    ],
  },
  viewsWelcome: [
    {
      view: 'thespianDirector.available',
      contents:
        "The director dir has no packages yet. Make a signing key pair once, then generate a package from a group's sources.\n[Generate Signing Key Pair](command:thespianDirector.keygen)\n[Generate Source Package](command:thespianDirector.gensrc)\n[Open Settings](command:workbench.action.openSettings?%5B%22thespianDirector%22%5D)",
      when: 'thespianDirector.dirEmpty',
    },
    {
      view: 'thespianDirector.loaded',
      contents:
        'No Thespian Director daemon is running for this director dir.\n[Start Daemon](command:thespianDirector.start)',
      when: 'thespianDirector.daemonState == stopped || thespianDirector.daemonState == unknown',
    },
    {
      view: 'thespianDirector.loaded',
      contents: 'Starting the daemon…',
      when: 'thespianDirector.daemonState == starting',
    },
    {
      view: 'thespianDirector.loaded',
      contents:
        'The daemon runs, with nothing loaded.\n[Load…](command:thespianDirector.load)\n[Refresh (Load the Newest of Every Group)](command:thespianDirector.refresh)',
      when: 'thespianDirector.daemonState == running',
    },
    {
      view: 'thespianDirector.loaded',
      contents:
        "Something answers on the admin port, but not as this director dir's daemon.\n[Show Output](command:thespianDirector.showOutput)\n[Start Daemon](command:thespianDirector.start)",
      when: 'thespianDirector.daemonState == unreachable',
    },
  ],
  menus: {
    'view/title': [
      { command: 'thespianDirector.gensrc', when: AV, group: 'navigation@1' },
      { command: 'thespianDirector.reloadViews', when: AV, group: 'navigation@9' },
      { command: 'thespianDirector.keygen', when: AV, group: '1_make' },
      { command: 'thespianDirector.convSecret', when: AV, group: '1_make' },
      { command: 'thespianDirector.convCert', when: AV, group: '1_make' },
      { command: 'thespianDirector.showConfig', when: AV, group: '2_info' },
      {
        command: 'thespianDirector.start',
        when: `${LO} && thespianDirector.daemonState != running`,
        group: 'navigation@1',
      },
      {
        command: 'thespianDirector.refresh',
        when: `${LO} && thespianDirector.daemonState == running`,
        group: 'navigation@2',
      },
      {
        command: 'thespianDirector.shutdown',
        when: `${LO} && thespianDirector.daemonState == running`,
        group: '3_daemon@1',
      },
      { command: 'thespianDirector.reloadViews', when: LO, group: '2_info@9' },
      { command: 'thespianDirector.showOutput', when: LO, group: '2_info' },
      { command: 'thespianDirector.changePort', when: LO, group: '3_daemon@2' },
    ],
    'view/item/context': [
      { command: 'thespianDirector.load', when: `${AV} && viewItem == availGroup`, group: 'inline' },
      { command: 'thespianDirector.load', when: `${AV} && viewItem == availGroup`, group: '1_load@1' },
      { command: 'thespianDirector.rollout', when: `${AV} && viewItem == availGroup`, group: '1_load@2' },
      { command: 'thespianDirector.openTli', when: `${AV} && viewItem == availGroup`, group: '2_open@1' },
      { command: 'thespianDirector.loadVersion', when: `${AV} && viewItem == package`, group: 'inline' },
      {
        command: 'thespianDirector.loadVersion',
        when: `${AV} && viewItem =~ /^package(\\.loaded)?$/`,
        group: '1_load@1',
      },
      {
        command: 'thespianDirector.unload',
        when: `${AV} && viewItem =~ /^package\\.(loaded|active)$/`,
        group: '1_load@2',
      },
      { command: 'thespianDirector.rollout', when: `${AV} && viewItem =~ /^package/`, group: '1_load@3' },
      { command: 'thespianDirector.showContents', when: `${AV} && viewItem =~ /^package/`, group: '2_open@1' },
      { command: 'thespianDirector.openTli', when: `${AV} && viewItem =~ /^package/`, group: '2_open@2' },
      { command: 'thespianDirector.revealPackage', when: `${AV} && viewItem =~ /^package/`, group: '2_open@3' },
      { command: 'thespianDirector.copyHash', when: `${AV} && viewItem =~ /^package/`, group: '3_copy@1' },
      { command: 'thespianDirector.unload', when: `${LO} && viewItem =~ /^source/`, group: 'inline' },
      { command: 'thespianDirector.unload', when: `${LO} && viewItem =~ /^source/`, group: '1_load@1' },
      { command: 'thespianDirector.showContents', when: `${LO} && viewItem =~ /^source/`, group: '2_open@1' },
      { command: 'thespianDirector.revealPackage', when: `${LO} && viewItem =~ /^source/`, group: '2_open@2' },
      { command: 'thespianDirector.copyHash', when: `${LO} && viewItem =~ /^(source|actor)/`, group: '3_copy@1' },
      { command: 'thespianDirector.copyAddress', when: `${LO} && viewItem == actor.running`, group: '3_copy@2' },
      { command: 'thespianDirector.load', when: `${LO} && viewItem == loadedGroup`, group: '1_load@1' },
      { command: 'thespianDirector.openTli', when: `${LO} && viewItem == loadedGroup`, group: '2_open@1' },
    ],
    commandPalette: ['loadVersion', 'revealPackage', 'openTli', 'copyHash', 'copyAddress', 'showLoadedView'].map(
      (id) => ({ command: `thespianDirector.${id}`, when: 'false' }),
    ),
  },
  configuration: {
    title: 'Thespian Director',
    properties: {
      'thespianDirector.directorDir': {
        type: 'string',
        default: '',
        scope: 'resource',
        markdownDescription:
          "The director dir (`THESPIAN_DIRECTOR_DIR`): packages, TLIs, public keys and cfg files, plus the daemon's admin token and convention secrets. Empty: the extension's storage for this workspace, outside the work tree (a `.thespian-director` folder already in the workspace is still used), or its global storage without a workspace. A dir inside a git work tree gets a `.gitignore` for its secrets. `${workspaceFolder}` and `~` are expanded; relative paths start at the first workspace folder. Terminals of the window get it as `THESPIAN_DIRECTOR_DIR`.",
      },
      'thespianDirector.adminPort': {
        type: ['integer', 'null'],
        default: null,
        minimum: 1,
        maximum: 65535,
        markdownDescription:
          'Admin port of the daemon when the director dir has no `adminport.cfg` (then Start writes it). `null`: 1900.',
      },
      'thespianDirector.privateKeyPath': {
        type: 'string',
        default: '',
        markdownDescription:
          'The private key gensrc signs with. Empty: the key Generate Signing Key Pair made last (kept in your user storage), else asked for and remembered per workspace. The extension writes this setting only when you ask it to.',
      },
      'thespianDirector.versionScheme': {
        type: 'string',
        enum: ['ask', 'increment', 'date', 'none'],
        default: 'ask',
        enumDescriptions: [
          'Ask each time, proposing the newest version plus one.',
          'Newest version plus one (1.2 → 1.3), without asking.',
          'version:date: YYYYMMDDHHMM, always newer than release numbers.',
          'No version: GROUP.tls (only one version can be loaded at a time).',
        ],
        description: 'How Generate Source Package picks the version.',
      },
      'thespianDirector.confirmUnload': {
        type: 'boolean',
        default: true,
        description: 'Ask before unloading a source (its actors are stopped).',
      },
    },
  },
  languages: [
    {
      id: 'tli',
      aliases: ['Thespian TLI', 'tli'],
      extensions: ['.tli'],
      configuration: './extension/language-configuration.json',
    },
  ],
  grammars: [{ language: 'tli', scopeName: 'source.tli', path: './extension/syntaxes/tli.tmLanguage.json' }],
};

const activationEvents = [
  'onView:thespianDirector.available',
  'onView:thespianDirector.loaded',
  'onLanguage:tli',
  'workspaceContains:**/*.tli',
  'workspaceContains:**/*_tls.key',
  'workspaceContains:.thespian-director',
];

pkg.contributes = addLoopContributes(contributes);
// Runs where the daemon runs (Remote SSH, WSL, containers), never in the UI-side host.
pkg.extensionKind = ['workspace'];
pkg.activationEvents = activationEvents;
pkg.engines = { ...pkg.engines, vscode: '^1.100.0' };
pkg.categories = ['Programming Languages', 'Other'];
pkg.galleryBanner = { color: '#3b2e58', theme: 'dark' };
pkg.icon = 'extension/media/icon.png';
pkg.scripts = { ...pkg.scripts, package: 'node extension/package-vsix.mjs' };
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(
  'package.json: contributes, activationEvents, engines.vscode, categories, galleryBanner, icon, scripts.package written',
);
