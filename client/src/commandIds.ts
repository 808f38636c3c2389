// Ids of the commands contributed in package.json; the manifest test keeps both lists equal.
export const CommandId = {
  restartServer: 'gitops.restartServer',
  showOutput: 'gitops.showOutput',
  selectKubernetesVersion: 'gitops.selectKubernetesVersion',
} as const;
