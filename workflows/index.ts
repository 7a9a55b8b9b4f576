export { generateArticle } from './generate-article';
