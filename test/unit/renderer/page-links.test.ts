import { describe, expect, it } from 'vitest';
import { splitPageMentions } from '../../../renderer/components/page-links';

describe('splitPageMentions', () => {
  it('links every page a message names, keeping the text around it', () => {
    expect(splitPageMentions('Set another executor image in Settings, or load it with podman load.')).toEqual(
      [
        { text: 'Set another executor image in ' },
        { text: 'Settings', page: 'settings' },
        { text: ', or load it with podman load.' },
      ],
    );
    expect(splitPageMentions('Save a login on the Registries page, then check the Machine page.')).toEqual([
      { text: 'Save a login on the ' },
      { text: 'Registries page', page: 'registries' },
      { text: ', then check the ' },
      { text: 'Machine page', page: 'machine' },
      { text: '.' },
    ]);
  });

  it('leaves text without a page mention whole (and lower-case words alone)', () => {
    expect(splitPageMentions('The settings file is broken.')).toEqual([
      { text: 'The settings file is broken.' },
    ]);
    expect(splitPageMentions('')).toEqual([]);
  });
});
