import { useEffect, useState } from 'react';
import { useApi } from '../../api/hooks';

/** A native "Browse…" for folders where the host has one (desktop); null in browser mode. */
export function useFolderPicker(): ((current: string) => Promise<string | null>) | null {
  const api = useApi();
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    let live = true;
    api.call('app.info', {}).then(
      (info) => live && setAvailable(info.canPickFolder),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api]);
  if (!available) return null;
  return async (current) => {
    const { path } = await api.call('app.pickFolder', {
      title: 'Choose the build context folder',
      ...(current ? { defaultPath: current } : {}),
    });
    return path;
  };
}
