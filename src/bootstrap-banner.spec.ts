import { AppLogger, logLevelsUpTo, startupBanner } from './bootstrap-banner';

const ESC = '\u001b[';
const hasAnsi = (text: string) => text.includes(ESC);

describe('start-up logging', () => {
  const capture = () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    return { lines, restore: () => spy.mockRestore() };
  };

  it('puts Nest’s route mapping at debug level: hidden at LOG_LEVEL=log, shown at debug', () => {
    const seen = capture();
    try {
      new AppLogger(logLevelsUpTo('log'), false).log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
      new AppLogger(logLevelsUpTo('log'), false).log('Administrateur initial créé', 'Users');
      expect(seen.lines.join('')).not.toContain('Mapped');
      expect(seen.lines.join('')).toContain('Administrateur initial créé');
      new AppLogger(logLevelsUpTo('debug'), false).log('Mapped {/api/v1/me, GET} route', 'RouterExplorer');
      expect(seen.lines.join('')).toContain('Mapped');
    } finally {
      seen.restore();
    }
  });

  it('colours only when asked (a terminal)', () => {
    const seen = capture();
    try {
      new AppLogger(['log'], false).log('sans couleur', 'Test');
      expect(hasAnsi(seen.lines.join(''))).toBe(false);
      new AppLogger(['log'], true).log('en couleur', 'Test');
      expect(hasAnsi(seen.lines.join(''))).toBe(true);
    } finally {
      seen.restore();
    }
  });

  it('the banner names the URLs, the mode and the generated password; bold only on a terminal', () => {
    const facts = {
      url: 'http://localhost:3000',
      webApp: true,
      docs: true,
      config: {
        DATABASE_URL: 'postgres://x',
        PGLITE_DIR: './data/pglite',
        REDIS_URL: 'redis://y',
        APP_ROLE: 'all' as const,
      },
      admin: { email: 'admin@echanges.local', generatedPassword: 'S3cr3t-genere' },
    };
    const plain = startupBanner(facts, false);
    expect(hasAnsi(plain)).toBe(false);
    expect(plain).toContain('http://localhost:3000/\n');
    expect(plain).toContain('http://localhost:3000/api/v1');
    expect(plain).toContain('http://localhost:3000/api/docs');
    expect(plain).toContain('PostgreSQL · tâches / jobs : Redis (BullMQ)');
    expect(plain).toContain('admin@echanges.local — mot de passe généré / generated password: S3cr3t-genere');
    expect(startupBanner(facts, true)).toContain(`${ESC}1mS3cr3t-genere`);
    expect(startupBanner({ ...facts, admin: null, webApp: false, docs: false }, false)).not.toMatch(
      /Admin|Web app|Documentation/,
    );
  });
});
