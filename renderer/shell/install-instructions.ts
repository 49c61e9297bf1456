export interface InstallStep {
  text: string;
  command?: string;
}

export interface InstallGuide {
  os: string;
  steps: InstallStep[];
  link: string;
}

/** How to get Podman on each OS (the official installation page has the details). */
export function installGuide(platform: string): InstallGuide {
  const link = 'https://podman.io/docs/installation';
  switch (platform) {
    case 'darwin':
      return {
        os: 'macOS',
        link,
        steps: [
          {
            text: 'Install Podman with Homebrew (or the installer from podman.io):',
            command: 'brew install podman',
          },
          { text: 'Come back here: Kaniko Desktop creates and starts a rootless Podman machine for you.' },
        ],
      };
    case 'win32':
      return {
        os: 'Windows',
        link,
        steps: [
          {
            text: 'Install WSL 2 if it is not there yet (PowerShell as administrator):',
            command: 'wsl --install',
          },
          {
            text: 'Install Podman with winget (or the installer from podman.io):',
            command: 'winget install RedHat.Podman',
          },
          { text: 'Come back here: Kaniko Desktop creates and starts a rootless Podman machine for you.' },
        ],
      };
    default:
      return {
        os: 'Linux',
        link,
        steps: [
          { text: 'Debian / Ubuntu:', command: 'sudo apt-get install -y podman uidmap slirp4netns' },
          { text: 'Fedora / RHEL:', command: 'sudo dnf install -y podman' },
          {
            text: 'Then start the rootless API service as your user (not root):',
            command: 'systemctl --user enable --now podman.socket',
          },
        ],
      };
  }
}
