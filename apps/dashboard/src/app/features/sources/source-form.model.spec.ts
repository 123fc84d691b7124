import { buildRssDescriptor, buildSource, buildYoutubeDescriptor } from './testing/source-fixtures';
import { buildSourceForm, describeSchedule, settingValue, toCreateRequest, toUpdateRequest } from './source-form.model';

describe('source form model', () => {
  describe(buildSourceForm.name, () => {
    it('builds one control per setting and credential of the descriptor, with defaults for a new source', () => {
      const form = buildSourceForm(buildYoutubeDescriptor(), null);
      expect(Object.keys(form.controls.settings.controls)).toEqual(['channelId', 'maxVideos', 'includeReplies', 'keywords', 'order']);
      expect(Object.keys(form.controls.credentials.controls)).toEqual(['apiKey', 'refreshToken']);
      expect(form.controls.schedule.value).toBe('*/15 * * * *');
      // A boolean starts at its default; text-like settings start empty (the default is the placeholder).
      expect(form.controls.settings.controls['includeReplies'].value).toBe(true);
      expect(form.controls.settings.controls['maxVideos'].value).toBe('');
      expect(form.controls.budgetLimit.value).toBe('');
    });

    it('requires a name, the required settings and required credentials that are not stored', () => {
      const form = buildSourceForm(buildYoutubeDescriptor(), null);
      expect(form.controls.name.hasError('required')).toBe(true);
      expect(form.controls.settings.controls['channelId'].hasError('required')).toBe(true);
      expect(form.controls.credentials.controls['apiKey'].hasError('required')).toBe(true);
      expect(form.controls.credentials.controls['refreshToken'].valid).toBe(true);
      // A type with a fixed API address needs no URL; a feed does.
      expect(form.controls.url.valid).toBe(true);
      expect(buildSourceForm(buildRssDescriptor(), null).controls.url.hasError('required')).toBe(true);
    });

    it('does not require a credential again when it is already stored', () => {
      const source = buildSource({ type: 'youtube', credentialKeys: ['apiKey'] });
      const form = buildSourceForm(buildYoutubeDescriptor(), source);
      expect(form.controls.credentials.controls['apiKey'].valid).toBe(true);
      // Credentials are write-only: nothing of the stored value reaches the form.
      expect(form.controls.credentials.controls['apiKey'].value).toBe('');
    });

    it('refuses spaces as a name, a non-http URL, a word as a number and a malformed schedule', () => {
      const form = buildSourceForm(buildYoutubeDescriptor(), null);
      form.controls.name.setValue('   ');
      form.controls.url.setValue('javascript:alert(1)');
      form.controls.settings.controls['maxVideos'].setValue('ten');
      form.controls.budgetLimit.setValue('-5');
      form.controls.schedule.setValue('every five minutes please');
      expect(form.controls.name.hasError('required')).toBe(true);
      expect(form.controls.url.hasError('url')).toBe(true);
      expect(form.controls.settings.controls['maxVideos'].hasError('number')).toBe(true);
      expect(form.controls.budgetLimit.hasError('number')).toBe(true);
      expect(form.controls.schedule.hasError('cron')).toBe(true);

      form.controls.url.setValue('https://example.com/api');
      form.controls.settings.controls['maxVideos'].setValue('25');
      form.controls.budgetLimit.setValue('5000');
      form.controls.schedule.setValue('*/30 * * * * *');
      expect(form.controls.url.valid).toBe(true);
      expect(form.controls.settings.controls['maxVideos'].valid).toBe(true);
      expect(form.controls.budgetLimit.valid).toBe(true);
      expect(form.controls.schedule.valid).toBe(true);
    });

    it('fills an edit form from the stored source, lists one item per line', () => {
      const source = buildSource({
        type: 'youtube',
        name: 'Canale Vela',
        url: 'https://www.googleapis.com/youtube/v3',
        schedule: '0 * * * *',
        topicId: 'topic-1',
        settings: { channelId: 'UCvela', maxVideos: 5, includeReplies: false, keywords: ['fibra lenta', 'rimborso, subito'], order: 'relevance' },
        budgetLimit: 2000,
      });
      const form = buildSourceForm(buildYoutubeDescriptor(), source);
      expect(form.getRawValue()).toEqual({
        name: 'Canale Vela',
        url: 'https://www.googleapis.com/youtube/v3',
        schedule: '0 * * * *',
        topicId: 'topic-1',
        budgetLimit: '2000',
        settings: { channelId: 'UCvela', maxVideos: '5', includeReplies: false, keywords: 'fibra lenta\nrimborso, subito', order: 'relevance' },
        credentials: { apiKey: '', refreshToken: '' },
      });
    });
  });

  describe(settingValue.name, () => {
    const [text, number, boolean, list, select] = buildYoutubeDescriptor().settings;
    it('converts each kind to what the API expects, empty meaning "use the default"', () => {
      expect(settingValue(text, '  UCvela ')).toBe('UCvela');
      expect(settingValue(text, '   ')).toBeUndefined();
      expect(settingValue(number, '12')).toBe(12);
      expect(settingValue(boolean, false)).toBe(false);
      expect(settingValue(list, 'fibra lenta\n\n rimborso, subito \n')).toEqual(['fibra lenta', 'rimborso, subito']);
      expect(settingValue(list, '\n \n')).toBeUndefined();
      expect(settingValue(select, 'relevance')).toBe('relevance');
    });
  });

  describe(toCreateRequest.name, () => {
    it('sends the typed values with settings converted, credentials as typed and the budget as a number', () => {
      const descriptor = buildYoutubeDescriptor();
      const form = buildSourceForm(descriptor, null);
      form.patchValue({
        name: ' Canale Vela ',
        topicId: 'topic-1',
        budgetLimit: '3000',
        settings: { channelId: 'UCvela', maxVideos: '7', includeReplies: false, keywords: 'fibra', order: '' },
        credentials: { apiKey: ' key with spaces ', refreshToken: '' },
      });
      expect(toCreateRequest(descriptor, form)).toEqual({
        type: 'youtube',
        name: 'Canale Vela',
        topicId: 'topic-1',
        schedule: '*/15 * * * *',
        settings: { channelId: 'UCvela', maxVideos: 7, includeReplies: false, keywords: ['fibra'] },
        credentials: { apiKey: ' key with spaces ' },
        budgetLimit: 3000,
      });
    });

    it('leaves out a default URL, schedule of a pushed type, and an empty budget becomes null (the type default)', () => {
      const descriptor = buildYoutubeDescriptor({ polled: false });
      const form = buildSourceForm(descriptor, null);
      form.patchValue({ name: 'Webhook' });
      const request = toCreateRequest(descriptor, form);
      expect(request.url).toBeUndefined();
      expect(request.schedule).toBeUndefined();
      expect(request.budgetLimit).toBeNull();
      expect(request.credentials).toBeUndefined();
    });

    it('keeps, replaces or clears stored credentials as the admin chose', () => {
      const descriptor = buildYoutubeDescriptor();
      const form = buildSourceForm(descriptor, buildSource({ type: 'youtube', credentialKeys: ['apiKey', 'refreshToken'] }));
      form.controls.credentials.setValue({ apiKey: 'new-key', refreshToken: 'ignored' });
      expect(toCreateRequest(descriptor, form, { apiKey: 'replace', refreshToken: 'clear' }).credentials).toEqual({ apiKey: 'new-key', refreshToken: '' });
      expect(toCreateRequest(descriptor, form, { apiKey: 'keep', refreshToken: 'keep' }).credentials).toBeUndefined();
    });
  });

  describe(toUpdateRequest.name, () => {
    it('sends only what changed, a default left in place being no change', () => {
      const descriptor = buildYoutubeDescriptor();
      const source = buildSource({
        type: 'youtube',
        url: 'https://www.googleapis.com/youtube/v3',
        schedule: '*/15 * * * *',
        settings: { channelId: 'UCvela', maxVideos: 10, order: 'time' },
        budgetLimit: null,
        credentialKeys: ['apiKey'],
      });
      const form = buildSourceForm(descriptor, source);
      const actions = { apiKey: 'keep', refreshToken: 'replace' } as const;
      expect(toUpdateRequest(descriptor, source, toCreateRequest(descriptor, form, actions))).toEqual({});

      form.controls.schedule.setValue('*/5 * * * *');
      form.controls.settings.controls['maxVideos'].setValue('20');
      expect(toUpdateRequest(descriptor, source, toCreateRequest(descriptor, form, actions))).toEqual({
        schedule: '*/5 * * * *',
        settings: { channelId: 'UCvela', maxVideos: 20, includeReplies: true, order: 'time' },
      });
    });
  });

  describe(describeSchedule.name, () => {
    it.each([
      ['*/2 * * * *', 'sources.schedule.everyMinutes', { n: 2 }],
      ['* * * * *', 'sources.schedule.everyMinute', {}],
      ['*/1 * * * *', 'sources.schedule.everyMinute', {}],
      ['* * * * * *', 'sources.schedule.everySecond', {}],
      ['*/10 * * * * *', 'sources.schedule.everySeconds', { n: 10 }],
      ['0 */5 * * * *', 'sources.schedule.everyMinutes', { n: 5 }],
      ['*/5 */5 * * * *', 'sources.schedule.custom', { expression: '*/5 */5 * * * *' }],
      ['15 * * * *', 'sources.schedule.hourlyAt', { minute: 15 }],
      ['0 */6 * * *', 'sources.schedule.everyHours', { n: 6, minute: 0 }],
      ['30 7 * * *', 'sources.schedule.dailyAt', { time: '07:30' }],
      ['0 9 * * 1-5', 'sources.schedule.custom', { expression: '0 9 * * 1-5' }],
    ])('reads %s in words', (expression, key, params) => {
      expect(describeSchedule(expression)).toEqual({ key, params });
    });

    it('has no words for something that is not a cron expression', () => {
      expect(describeSchedule('sometimes')).toBeNull();
      expect(describeSchedule('')).toBeNull();
    });
  });
});
