export { dailyStory } from './daily-story';
export { generateArticle } from './generate-article';
