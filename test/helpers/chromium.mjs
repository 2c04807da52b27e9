/**
 * How the tests launch the system Chromium (`CHROME_PATH`, else /usr/bin/chromium; never a
 * downloaded browser); `hostRules` maps test host names to this machine.
 * @param {string} [hostRules]
 */
export function chromiumLaunchOptions(hostRules) {
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
