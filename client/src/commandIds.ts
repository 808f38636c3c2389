// Ids of the commands contributed in package.json; the manifest test keeps both lists equal.
export const CommandId = {
  restartServer: 'gitops.restartServer',
  showOutput: 'gitops.showOutput',
  selectKubernetesVersion: 'gitops.selectKubernetesVersion',
  driftRefresh: 'gitops.drift.refresh',
  driftSelectContext: 'gitops.drift.selectContext',
  driftShowDiff: 'gitops.drift.showDiff',
  driftAdoptLiveValue: 'gitops.drift.adoptLiveValue',
  driftCopyDiff: 'gitops.drift.copyDiff',
  driftAdoptAndOpenPullRequest: 'gitops.drift.adoptAndOpenPullRequest',
  createPullRequest: 'gitops.createPullRequest',
  setForgeToken: 'gitops.setForgeToken',
  removeForgeToken: 'gitops.removeForgeToken',
} as const;
