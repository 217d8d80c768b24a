export function loadLensFile(): undefined { return undefined; }
export function loadQuestionFile(): undefined { return undefined; }
