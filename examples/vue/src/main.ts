import { createApp } from 'vue';
// Defines <chunk-uploader> and types it for templates (GlobalComponents).
import 'chunk-uploader/vue';
import App from './App.vue';

createApp(App).mount('#app');
