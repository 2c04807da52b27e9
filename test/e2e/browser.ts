/** How the e2e tests launch the system Chromium; `hostRules` maps test host names to this machine. */
export function chromiumLaunchOptions(hostRules?: string) {
  return {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(hostRules ? [`--host-resolver-rules=${hostRules}`] : []),
    ],
  };
}
