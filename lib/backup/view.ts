// action: view. Reads the image at `location` and describes it; the kind comes from the image
// itself (the `type` option defaults to savevg and says nothing about what is there). Never
// changes anything.
import type { Io } from '../engine/io';
import type { Planner } from '../engine/plan';
import { ok } from '../result';
import { formatDuration } from '../image/duration';
import { readImage, type ImageState } from '../image/reader';
import { ImageStore } from '../image/records';
import type { Location } from '../image/location';
import { imageAgeSeconds, imageReport } from '../image/report';

export function viewPlanner(location: Location, io: Io): Planner<ImageState> {
  const store = new ImageStore(io.stateDir);
  return {
    async read() {
      const image = await readImage(io, location, store);
      // IBM's view returns the listing in stdout: an image known from its record is listed too
      // (the header only, never the whole archive again).
      if (image.present && image.complete && !image.checkedNow) await io.run('listvgbackup', ['-l', '-f', location.given], { listing: true });
      return ok(image);
    },
    decide(image) {
      if (!image.present) return { kind: 'refuse', msg: `No image at ${location.given}: it does not exist or is empty (0512-054).` };
      if (!image.complete) return { kind: 'refuse', msg: `The image at ${location.given} is not usable: ${image.reason}` };
      const seconds = imageAgeSeconds(image);
      const age = seconds === null ? 'unknown age' : formatDuration(seconds);
      return { kind: 'met', msg: `${location.given}: complete ${image.kind} image of ${image.info.volumeGroup}, made ${image.info.dateText ?? 'at an unknown date'} (${age}).` };
    },
    executors: {},
    undoers: {},
    report(image) {
      return { backup: image ? imageReport(location.given, image) : null };
    },
  };
}
