import type { Handlers } from '../../core/dispatcher';
import type { PreviewService } from '../../services/preview/preview-service';

export function previewHandlers(
  previews: PreviewService,
): Pick<
  Handlers,
  | 'preview.run'
  | 'preview.list'
  | 'preview.stop'
  | 'preview.logs'
  | 'preview.pin'
  | 'preview.suggestPort'
  | 'preview.images'
> {
  return {
    'preview.run': (params) => previews.run(params),
    'preview.list': () => previews.listAndPublish(),
    'preview.stop': ({ containerId }) => previews.stop(containerId),
    'preview.logs': ({ containerId, tail }) => previews.logs(containerId, tail),
    'preview.pin': ({ containerId, pinned }) => previews.pin(containerId, pinned),
    'preview.suggestPort': ({ from }) => previews.suggestPort(from),
    'preview.images': () => previews.localImages(),
  };
}
