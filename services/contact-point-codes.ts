/** Who took part in an activity (codes; the catalogue has their labels as cp.participant.*). */
export const participantCodes = [
  "resident",
  "farmer",
  "enterprise",
  "veterinarian",
  "deputy",
  "expert",
  "official",
  "other",
] as const;
export type ParticipantCode = (typeof participantCodes)[number];
