// Welcome page of this platform: Japanese by default, and links to the platform's own pages.
export default {
  app: {
    name: '承認基盤',
    vendor: 'サイバーセキュリティ対策'
  },
  locales: {
    availableLocales: ['ja', 'en'],
    fallbackLocale: 'ja'
  },
  links: [
    {
      label: '登録簿',
      href: '/platform/registers/index.html',
      description: '例外措置台帳・クラウドサービス・委託先・BYOD許可・外部電磁的記録媒体の持出し（閲覧できる範囲のみ、CSV出力あり）'
    },
    {
      label: 'インシデント記録簿',
      href: '/api/incidents.csv',
      description: '情報セキュリティインシデントの報告・評価・対処の記録（第29条第9項、閲覧できる範囲のみのCSV）'
    },
    {
      label: 'プロセス・ルーティングの編集（管理者）',
      href: '/platform/editor/index.html',
      description: 'BPMN・DMN をブラウザで編集し、検証してデプロイします（camunda-admin のみ）'
    }
  ],
  disableWelcomeMessage: true,
  // scripts/sign-in: single sign-on's login and logout under profile sso (docs/sso.md); does nothing otherwise
  customScripts: ['scripts/sign-in']
};
