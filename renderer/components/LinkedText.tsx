import { pageHref } from '../shell/navigation';
import { splitPageMentions } from './page-links';

/** Text from a service, with each page it names ("in Settings") turned into a link to that page. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {splitPageMentions(text).map((part, i) =>
        part.page ? (
          <a key={i} href={pageHref(part.page)}>
            {part.text}
          </a>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
